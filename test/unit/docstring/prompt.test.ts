import * as assert from 'assert';
import { backTranslationText, buildDocstringPrompt, type DocstringPromptInput } from '../../../src/core/docstring/prompt';
import { findDocTargets, moduleContextFor } from '../../../src/core/docstring/targets';

const FILE = [
  'import math',
  'from typing import List',
  '',
  'SCALE = 2',
  '',
  'def helper(x):',
  '    """Double x."""',
  '    return x * SCALE',
  '',
  'class Shapes:',
  '    @staticmethod',
  '    def area(r: float) -> float:',
  '        """Old text."""',
  '        return math.pi * r * r',
  '',
].join('\n');

async function input(over: Partial<DocstringPromptInput> = {}): Promise<DocstringPromptInput> {
  const offset = FILE.indexOf('return math.pi');
  const [target] = await findDocTargets(FILE, { start: offset, end: offset });
  assert.ok(target);
  const module = await moduleContextFor(FILE, target);
  return { text: FILE, target, module, style: 'google', examples: false, kind: 'codex', ...over };
}

describe('docstring prompt', () => {
  it('completions: module context, a style example, the code, then the documented header opened with """', async () => {
    const prompt = buildDocstringPrompt(await input());
    assert.strictEqual(prompt.kind, 'codex');
    assert.deepStrictEqual(prompt.stop, ['"""']);
    const text = prompt.text;
    assert.ok(text.startsWith('import math\nfrom typing import List\n\nSCALE = 2\n\ndef helper(x):\n    """Double x."""\n    ...\n\n\ndef clamp('), text);
    assert.ok(text.includes('    Args:\n        value (float): The number to limit.'), 'the Google example');
    assert.ok(text.includes('@staticmethod\ndef area(r: float) -> float:\n    return math.pi * r * r\n'), 'the code at column 0');
    assert.ok(text.endsWith('# The same function with a Google-style docstring:\n@staticmethod\ndef area(r: float) -> float:\n    """'), text);
  });

  it('leaves the existing docstring out, so the model does not copy it', async () => {
    assert.ok(!buildDocstringPrompt(await input()).text.includes('Old text'));
  });

  it('shows the chosen style and asks for examples only when they can be checked', async () => {
    const numpy = buildDocstringPrompt(await input({ style: 'numpy', examples: true })).text;
    assert.ok(numpy.includes('Parameters\n    ----------'));
    assert.ok(numpy.includes('>>> clamp(5, 0, 3)'));
    assert.ok(numpy.includes('NumPy-style docstring with >>> examples:'));
    const rest = buildDocstringPrompt(await input({ style: 'rest' })).text;
    assert.ok(rest.includes(':param value:') && !rest.includes('>>>'));
  });

  it('keeps the module context within the budget', async () => {
    const text = buildDocstringPrompt(await input({ budgetChars: 100 })).text;
    assert.ok(!text.includes('def helper'), 'the definitions no longer fit');
  });

  it('chat: a system message and a user message with the format and the code', async () => {
    const prompt = buildDocstringPrompt(await input({ kind: 'chat', style: 'plain' }));
    assert.strictEqual(prompt.kind, 'chat');
    assert.strictEqual(prompt.messages?.[0]?.role, 'system');
    const user = prompt.messages?.[1]?.content ?? '';
    assert.ok(user.includes('PEP 257 docstring for the function `area`'));
    assert.ok(user.includes('```python\n'));
    assert.ok(user.includes('def area(r: float) -> float:\n    return math.pi * r * r'));
  });

  it('back-translation text: the documented header as context, the body as what is scored', async () => {
    const { context, continuation } = backTranslationText(await input(), 'Circle area.\n\nArgs:\n    r: Radius.');
    assert.ok(context.endsWith('@staticmethod\ndef area(r: float) -> float:\n    """Circle area.\n\n    Args:\n        r: Radius.\n    """'), context);
    assert.strictEqual(continuation, '\n    return math.pi * r * r');
  });
});

describe('docstring prompt (fill in the middle)', () => {
  it('puts the hole where the docstring goes, with the body after it', async () => {
    const offset = FILE.indexOf('return x * SCALE');
    const [target] = await findDocTargets(FILE, { start: offset, end: offset });
    const module = await moduleContextFor(FILE, target!);
    const prompt = buildDocstringPrompt({ text: FILE, target: target!, module, style: 'plain', examples: false, kind: 'fim', fimTemplate: 'qwen' });
    assert.strictEqual(prompt.kind, 'fim');
    assert.ok(prompt.text.startsWith('<|fim_prefix|>import math\n'));
    assert.ok(prompt.text.endsWith('def helper(x):\n    """<|fim_suffix|>\n    """\n    return x * SCALE\n<|fim_middle|>'), prompt.text);
    assert.strictEqual(prompt.suffix, '\n    """\n    return x * SCALE\n');
  });
});
