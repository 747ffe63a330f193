/**
 * EvalPlus's differential testing (HumanEval+, MBPP+): the canonical solution's outputs on the problem's
 * inputs are the expected outputs; a sample passes a set of inputs when each output matches, exactly or,
 * for floats, within EvalPlus's tolerance. Everything runs in the sandbox: the canonical solution once
 * per problem, each sample once per input set.
 */
import type { EvalResult, EvaluateRequest, ProgramResult, RunProgramRequest } from '../sandbox/api';
import { EvalInputError } from './inputError';
import type { Problem } from './problems';

/** What runs programs: the sandbox. */
export interface ProgramRunner {
  runProgram(req: RunProgramRequest, signal?: AbortSignal): Promise<ProgramResult>;
  evaluate(req: EvaluateRequest, signal?: AbortSignal): Promise<EvalResult[]>;
}

/** The two input sets: the original benchmark's tests, and EvalPlus's extra ones. */
export type InputSet = 'base' | 'plus';

/** The canonical solution's outputs per input set, pickled and base64-encoded (opaque to TypeScript). */
export type GroundTruth = Record<InputSet, string>;

/** How long the canonical solution may take on all its inputs (EvalPlus computes it without a limit). */
export const GROUND_TRUTH_TIMEOUT_MS = 60_000;

/**
 * Python shared by both harnesses. `same` is EvalPlus's rule: equal, or — when not equal and a
 * tolerance applies (the problem's atol, or 1e-6 when atol is 0 and the expected output is a float or a
 * list/tuple of floats) — the same type and length and numpy.allclose(out, exp, rtol=1e-7, atol) holds,
 * here in plain Python so that it needs no numpy.
 */
const HELPERS = String.raw`
def __passk_is_floats(x):
    if isinstance(x, float):
        return True
    if isinstance(x, (list, tuple)) and x:
        return all(isinstance(i, float) for i in x)
    return type(x).__name__ == 'ndarray' and str(getattr(x, 'dtype', '')) in ('float64', 'float32')

def __passk_close(a, b, atol, rtol=1e-07):
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        if not (isinstance(a, (list, tuple)) and isinstance(b, (list, tuple))) or len(a) != len(b):
            return False
        return all(__passk_close(x, y, atol, rtol) for x, y in zip(a, b))
    if not isinstance(a, (int, float, complex)) or not isinstance(b, (int, float, complex)):
        return False
    if a == b:
        return True
    return abs(a - b) <= atol + rtol * abs(b)

def __passk_same(out, exp, atol):
    try:
        exact = bool(out == exp)
    except Exception:
        exact = False
    if atol == 0 and __passk_is_floats(exp):
        atol = 1e-6
    if not exact and atol != 0:
        if type(out) != type(exp):
            return False
        if isinstance(exp, (list, tuple)) and len(out) != len(exp):
            return False
        try:
            return bool(__passk_close(out, exp, atol))
        except Exception:
            return False
    return exact

def __passk_call(fn, args):
    import contextlib, copy, io
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        out = fn(*copy.deepcopy(args))
        sink.seek(0)
        sink.truncate()
    return out

def __passk_function(name):
    fn = globals().get(name)
    if not callable(fn):
        raise NameError('the program defines no function %r' % name)
    return fn
`;

/** Characters of the pickled outputs per evaluated expression (the sandbox caps each repr at 2000). */
const CHUNK_CHARS = 1500;
/** Chunks asked for in the first round; larger outputs take a second round with the exact count. */
const FIRST_CHUNKS = 200;

/** Runs the canonical solution on both input sets in the sandbox and returns its outputs. */
export async function groundTruth(problem: Problem, runner: ProgramRunner, signal?: AbortSignal): Promise<GroundTruth> {
  const inputs = problem.inputs!;
  const program = [
    problem.prompt + problem.canonicalSolution,
    HELPERS,
    'def __passk_outputs(inputs_json):',
    '    import base64, json, pickle',
    `    fn = __passk_function(${pyString(problem.entryPoint)})`,
    '    outputs = [__passk_call(fn, args) for args in json.loads(inputs_json)]',
    "    return base64.b64encode(pickle.dumps(outputs, protocol=4)).decode('ascii')",
    `__passk_truth = __passk_outputs(${pyString(JSON.stringify(inputs.base))}) + ' ' + __passk_outputs(${pyString(JSON.stringify(inputs.plus))})`,
    '',
  ].join('\n');
  let blob = await truthChunks(problem, runner, program, FIRST_CHUNKS, signal);
  if (blob.text.length < blob.length) {
    blob = await truthChunks(problem, runner, program, Math.ceil(blob.length / CHUNK_CHARS), signal);
  }
  const [base, plus] = blob.text.split(' ');
  return { base: base ?? '', plus: plus ?? '' };
}

async function truthChunks(
  problem: Problem,
  runner: ProgramRunner,
  program: string,
  chunks: number,
  signal?: AbortSignal,
): Promise<{ length: number; text: string }> {
  const expressions = ['len(__passk_truth)', ...Array.from({ length: chunks }, (_, i) => `__passk_truth[${i * CHUNK_CHARS}:${(i + 1) * CHUNK_CHARS}]`)];
  const results = await runner.evaluate({ program, expressions, timeoutMs: GROUND_TRUTH_TIMEOUT_MS }, signal);
  const [length, ...parts] = results;
  if (length?.status !== 'ok') {
    throw new EvalInputError(`${problem.taskId}: the canonical solution does not run on the problem's own inputs (${length?.message ?? length?.status ?? 'no result'})`);
  }
  // Each chunk is the repr of an ASCII str: '...'.
  const text = parts.map((p) => (p.status === 'ok' && p.repr ? p.repr.slice(1, -1) : '')).join('');
  return { length: Number(length.repr), text };
}

/**
 * The program that checks a sample on one input set: the sample's program, then a harness that calls
 * the entry point on each input (output swallowed) and raises AssertionError at the first output that
 * differs from the canonical one. It passes only when it runs to the end.
 */
export function evalPlusProgram(problem: Problem, program: string, set: InputSet, truth: GroundTruth): string {
  const inputs = problem.inputs!;
  return [
    program,
    HELPERS,
    'def __passk_check(inputs_json, expected_b64, atol):',
    '    import base64, json, pickle',
    `    fn = __passk_function(${pyString(problem.entryPoint)})`,
    '    inputs = json.loads(inputs_json)',
    "    expected = pickle.loads(base64.b64decode(expected_b64))",
    '    for i, (args, exp) in enumerate(zip(inputs, expected)):',
    '        if not __passk_same(__passk_call(fn, args), exp, atol):',
    `            raise AssertionError('wrong output for ${set} input %d of %d' % (i + 1, len(inputs)))`,
    `__passk_check(${pyString(JSON.stringify(inputs[set]))}, ${pyString(truth[set])}, ${pyNumber(inputs.atol)})`,
    '',
  ].join('\n');
}

/** A Python string literal: a JSON string literal is one (same escapes, and \uXXXX). */
function pyString(s: string): string {
  return JSON.stringify(s);
}

function pyNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toExponential();
}
