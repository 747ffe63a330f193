/**
 * A tiny argument parser shared by the CLI commands: positionals, `--name value`, `--name=value` and
 * boolean flags, validated against a spec. Bad input throws CliError (exit code 2) with one line to print.
 */

/** An error the CLI prints as one line on stderr (no stack trace) before exiting with `exitCode`. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'CliError';
  }
}

/** Exit code for a malformed command line. */
export const USAGE_EXIT_CODE = 2;

/** How one `--option` is read. */
export interface OptionSpec {
  kind: 'string' | 'integer' | 'number' | 'boolean';
  /** Allowed values for a string option. */
  choices?: readonly string[];
  /** Smallest allowed value for a numeric option. */
  min?: number;
  /** Default when the option is absent. */
  default?: string | number | boolean;
}

/** The options a command accepts, by name without the leading `--`. */
export type OptionsSpec = Record<string, OptionSpec>;

/** Parsed command line. */
export interface ParsedArgs {
  positionals: string[];
  options: Record<string, string | number | boolean | undefined>;
}

/** Parses `argv` (the words after the command name). `--help`/`-h` sets `options.help`. */
export function parseArgs(argv: readonly string[], spec: OptionsSpec): ParsedArgs {
  const options: ParsedArgs['options'] = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (word === '-h' || word === '--help') {
      options.help = true;
      continue;
    }
    if (!word.startsWith('--') || word === '-') {
      if (word.startsWith('-') && word !== '-' && !/^-\d/.test(word)) {
        throw usage(`unknown option ${word}`);
      }
      positionals.push(word);
      continue;
    }
    const eq = word.indexOf('=');
    const name = eq === -1 ? word.slice(2) : word.slice(2, eq);
    const opt = spec[name];
    if (!opt) {
      throw usage(`unknown option --${name}`);
    }
    if (opt.kind === 'boolean' && eq === -1) {
      options[name] = true;
      continue;
    }
    const raw = eq === -1 ? argv[++i] : word.slice(eq + 1);
    if (raw === undefined) {
      throw usage(`--${name} needs a value`);
    }
    options[name] = convert(name, raw, opt);
  }
  for (const [name, opt] of Object.entries(spec)) {
    if (options[name] === undefined && opt.default !== undefined) {
      options[name] = opt.default;
    }
  }
  return { positionals, options };
}

function convert(name: string, raw: string, opt: OptionSpec): string | number | boolean {
  switch (opt.kind) {
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') {
        throw usage(`--${name} must be true or false, not "${raw}"`);
      }
      return raw === 'true';
    case 'string':
      if (opt.choices && !opt.choices.includes(raw)) {
        throw usage(`--${name} must be one of ${opt.choices.join(', ')}, not "${raw}"`);
      }
      return raw;
    default:
      return convertNumber(name, raw, opt);
  }
}

function convertNumber(name: string, raw: string, opt: OptionSpec): number {
  const pattern = opt.kind === 'integer' ? /^[+-]?\d+$/ : /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
  const value = Number(raw);
  if (!pattern.test(raw.trim()) || !Number.isFinite(value)) {
    throw usage(`--${name} must be ${opt.kind === 'integer' ? 'a whole number' : 'a number'}, not "${raw}"`);
  }
  if (opt.min !== undefined && value < opt.min) {
    throw usage(`--${name} must be at least ${opt.min}, not ${raw}`);
  }
  return value;
}

/** A required option's value, or a usage error naming it. */
export function required<T extends string | number | boolean>(args: ParsedArgs, name: string): T {
  const value = args.options[name];
  if (value === undefined) {
    throw usage(`--${name} is required`);
  }
  return value as T;
}

function usage(message: string): CliError {
  return new CliError(message, USAGE_EXIT_CODE);
}
