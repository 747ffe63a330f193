/**
 * Which interpreter runs the sandbox, in the order issue 11 sets: the Python extension's selection for
 * the document, then `passk.python.path`, then the sandbox's own search (python3, python on PATH).
 * No `vscode` import: the order is unit-tested with plain functions as the sources.
 */

/** Where an interpreter can come from. */
export interface InterpreterSources {
  /** The Python extension's selected interpreter (undefined: extension absent, old, or nothing selected). */
  pythonExtension(): Promise<string | undefined>;
  /** `passk.python.path` ('' when unset). */
  setting(): string;
}

/**
 * The first interpreter a source gives, or undefined for the sandbox's PATH search. A failing Python
 * extension is reported through `warn` and skipped, never fatal.
 */
export async function chooseInterpreter(sources: InterpreterSources, warn: (message: string) => void): Promise<string | undefined> {
  try {
    const selected = (await sources.pythonExtension())?.trim();
    if (selected) {
      return selected;
    }
  } catch (e) {
    warn(`could not read the Python extension's interpreter: ${e instanceof Error ? e.message : String(e)}`);
  }
  return sources.setting().trim() || undefined;
}
