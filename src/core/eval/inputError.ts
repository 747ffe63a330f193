/** A problem with the user's input files: shown as its message alone, never with a stack trace. */
export class EvalInputError extends Error {
  override readonly name = 'EvalInputError';
}

/** `file:line: reason`, the way compilers point at bad input. */
export function at(file: string, line: number, reason: string): EvalInputError {
  return new EvalInputError(`${file}:${line}: ${reason}`);
}
