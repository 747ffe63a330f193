import * as assert from 'assert';
import { readSettings } from '../../../src/core/settings';

describe('docstring settings', () => {
  it('has defaults: auto style (Google when the file has none), mean log-prob, examples on, ask before replacing', () => {
    assert.deepStrictEqual(readSettings().docstring, {
      style: 'auto',
      fallbackStyle: 'google',
      ranking: 'meanLogprob',
      examples: true,
      existing: 'ask',
      n: 5,
      maxTokens: 384,
    });
  });

  it('takes valid values, clamps numbers and ignores unknown or wrongly typed ones', () => {
    const raw: Record<string, unknown> = {
      'docstring.style': 'numpy',
      'docstring.fallbackStyle': 'javadoc',
      'docstring.ranking': 'backTranslation',
      'docstring.examples': 'no',
      'docstring.existing': 'replace',
      'docstring.n': 99,
      'docstring.maxTokens': 10.4,
    };
    const s = readSettings((k) => raw[k]).docstring;
    assert.deepStrictEqual(s, {
      style: 'numpy',
      fallbackStyle: 'google',
      ranking: 'backTranslation',
      examples: true,
      existing: 'replace',
      n: 20,
      maxTokens: 32,
    });
  });
});
