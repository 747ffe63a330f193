/**
 * The `passk` command line: a table of commands. Expected problems (bad arguments, unreadable files)
 * print one line on stderr and exit non-zero; a stack trace is shown only with PASSK_DEBUG=1.
 */
import { CliError, USAGE_EXIT_CODE } from './args';
import { evalCommand, EVAL_USAGE } from './evalCommand';
import { promptCommand, PROMPT_USAGE } from './promptCommand';
import { errorMessage } from '../core/errorMessage';

/** A CLI command: runs with the words after its name and returns the exit code. */
export interface Command {
  summary: string;
  usage: string;
  run(argv: readonly string[]): Promise<number>;
}

/** Every command, by name. Add a command by adding a row. */
export const COMMANDS: Record<string, Command> = {
  prompt: { summary: 'show the context, decision and prompt at a cursor position', usage: PROMPT_USAGE, run: promptCommand },
  eval: { summary: 'evaluate samples or a backend on HumanEval-format problems (pass@k, rankers)', usage: EVAL_USAGE, run: evalCommand },
};

/** The overall usage text. */
export function usageText(): string {
  const rows = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`);
  return ['usage: passk <command> [options]', '', 'commands:', ...rows, '', 'passk <command> --help shows a command\'s options.'].join('\n');
}

/** Runs the CLI with `argv` (without node and the script); returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usageText() + '\n');
    return name === undefined ? USAGE_EXIT_CODE : 0;
  }
  const command = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`passk: unknown command "${name}"\n${usageText()}\n`);
    return USAGE_EXIT_CODE;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    return reportError(e);
  }
}

function reportError(e: unknown): number {
  const message = errorMessage(e);
  process.stderr.write(`passk: ${message.split('\n')[0]}\n`);
  if (process.env.PASSK_DEBUG && e instanceof Error && e.stack) {
    process.stderr.write(e.stack + '\n');
  }
  return e instanceof CliError ? e.exitCode : 1;
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
