import * as assert from 'assert';
import { escapeHtml, revealInvisibles, truncateForDisplay } from '../../../src/core/view/text';

describe('view/text', () => {
  it('leaves ordinary code, tabs, newlines and non-ASCII letters alone', () => {
    const code = 'def f(x):\r\n\treturn "héllo, 世界 😀"\n';
    assert.deepStrictEqual(revealInvisibles(code), { text: code, found: [] });
  });

  it('reveals C0 controls, DEL, C1 controls, BOM and word joiners, once each in found', () => {
    const { text, found } = revealInvisibles('a\u0000b\u001bc\u007fd\u0085e\ufefff\u2060g\u0000');
    assert.strictEqual(text, 'a⟪U+0000⟫b⟪U+001B⟫c⟪U+007F⟫d⟪U+0085⟫e⟪U+FEFF⟫f⟪U+2060⟫g⟪U+0000⟫');
    assert.deepStrictEqual(found, ['U+0000', 'U+001B', 'U+007F', 'U+0085', 'U+FEFF', 'U+2060']);
  });

  it('reveals every bidirectional control (Trojan Source)', () => {
    const bidi = ['\u061c', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];
    const { text, found } = revealInvisibles(bidi.join(''));
    assert.strictEqual(found.length, bidi.length);
    assert.doesNotMatch(text, /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
  });

  it('truncates with a count of what was cut, without splitting a surrogate pair', () => {
    assert.strictEqual(truncateForDisplay('abc', 3), 'abc');
    assert.strictEqual(truncateForDisplay('abcdef', 4), 'abcd… (2 more characters)');
    assert.strictEqual(truncateForDisplay('ab😀cd', 3), 'ab… (4 more characters)');
    assert.strictEqual(truncateForDisplay('abc', 0), '… (3 more characters)');
  });

  it('escapes the five HTML-significant characters', () => {
    assert.strictEqual(
      escapeHtml(`<a href="x" title='y'>&amp;</a>`),
      '&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;amp;&#60;/a&#62;',
    );
    assert.strictEqual(escapeHtml('plain'), 'plain');
  });
});
