/**
 * From a backend sample to a docstring's content: cut at the closing quotes, clean the indentation
 * (like `inspect.cleandoc`), and keep only the log-probs of the tokens that were kept.
 */
import { cleandoc } from '../python/stringLiteral';
import type { Sample } from '../types';

/** A sample read as a docstring. */
export interface DocSample {
  /** The docstring's content: no quotes, no indentation. */
  text: string;
  /** The sample cut to the docstring (tokens after the closing quotes dropped). */
  sample: Sample;
  /** The model stopped before closing the docstring (hit the token limit). */
  truncated: boolean;
}

const CLOSING = /"""|'''/;
/** A first line that is Python code rather than a docstring's summary. */
const CODE_LINE = /^(def|class|return|raise|import|from|if|for|while|with|try|async|await|yield)\b|^[A-Za-z_][\w.]*\s*=[^=]|^[A-Za-z_][\w.]*\(.*\)$/;

/** Reads a completions sample (the continuation after an opening `"""`); undefined when empty. */
export function docFromCompletion(sample: Sample): DocSample | undefined {
  const close = CLOSING.exec(sample.text);
  const cut = close ? close.index : sample.text.length;
  const text = cleanContent(sample.text.slice(0, cut));
  if (text === '') {
    return undefined;
  }
  const kept: Sample = { ...sample, text: sample.text.slice(0, cut) };
  if (sample.tokens) {
    kept.tokens = sample.tokens.filter((t) => t.offset < cut);
  }
  return { text, sample: kept, truncated: !close && sample.finishReason === 'length' };
}

/**
 * Reads a chat reply: code fences stripped, the text between triple quotes when the model wrote a
 * literal (or a whole function), else the reply itself. Log-probs are kept only when the reply was
 * used as is (they would not line up with an extracted part).
 */
export function docFromChat(sample: Sample): DocSample | undefined {
  const unfenced = sample.text.replace(/^\s*```[\w-]*[ \t]*\r?\n/, '').replace(/\r?\n```\s*$/, '');
  const quoted = /("""|''')([\s\S]*?)(\1|$)/.exec(unfenced);
  const raw = quoted ? (quoted[2] ?? '') : unfenced;
  const text = cleanContent(raw);
  if (text === '' || (!quoted && CODE_LINE.test(text))) {
    return undefined; // code, not prose: the reply was a function whose docstring the backend took out
  }
  const kept: Sample = { ...sample };
  if (raw !== sample.text) {
    delete kept.tokens;
  }
  return { text, sample: kept, truncated: sample.finishReason === 'length' };
}

function cleanContent(raw: string): string {
  return cleandoc(raw.replace(/\r\n?/g, '\n'))
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n');
}

/** Mean log-prob of a sample's tokens; undefined when it has none (unscored). */
export function meanTokenLogprob(sample: Sample): number | undefined {
  const tokens = sample.tokens;
  if (!tokens || tokens.length === 0) {
    return undefined;
  }
  return tokens.reduce((sum, t) => sum + t.logprob, 0) / tokens.length;
}
