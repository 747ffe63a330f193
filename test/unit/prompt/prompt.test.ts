import * as assert from 'assert';
import { buildContext } from '../../../src/core/context/buildContext';
import { buildPrompt, CODEX_STOP_SEQUENCES, FIM_TEMPLATES, FIM_TEMPLATE_NAMES, fimSuffix } from '../../../src/core/prompt';
import { CURSOR_MARKER } from '../../../src/core/prompt/chatPrompt';
import { condensedModule } from '../../../src/core/prompt/moduleBlock';
import type { CompletionContext } from '../../../src/core/types';
import { atCursor, cursors, pythonFixture } from '../context/cursor';

async function ctxAt(marked: string, index = 0): Promise<CompletionContext> {
  const { text, offsets } = cursors(marked);
  return buildContext({ text, offset: offsets[index]! });
}

const HUMAN_EVAL = 'from typing import List\n\n\ndef below_zero(operations: List[int]) -> bool:\n    """ Detect a negative balance.\n    >>> below_zero([1, 2, -4, 5])\n    True\n    """\n║';

describe('prompt: FIM templates', () => {
  const expected: Record<string, string> = {
    starcoder: '<fim_prefix>P<fim_suffix>S<fim_middle>',
    qwen: '<|fim_prefix|>P<|fim_suffix|>S<|fim_middle|>',
    deepseek: '<｜fim▁begin｜>P<｜fim▁hole｜>S<｜fim▁end｜>',
    codellama: '<PRE> P <SUF>S <MID>',
    codestral: '[SUFFIX]S[PREFIX]P',
  };
  for (const name of FIM_TEMPLATE_NAMES) {
    it(`${name} spells its tokens exactly`, () => {
      assert.strictEqual(FIM_TEMPLATES[name]('P', 'S'), expected[name]);
    });
  }
  it('covers the five families', () => {
    assert.deepStrictEqual([...FIM_TEMPLATE_NAMES].sort(), Object.keys(expected).sort());
  });
});

describe('prompt: codex style', () => {
  it('a HumanEval prompt comes back unchanged and ends at the cursor', async () => {
    const ctx = await ctxAt(HUMAN_EVAL);
    const prompt = buildPrompt(ctx, { style: 'codex' });
    assert.strictEqual(prompt.kind, 'codex');
    assert.strictEqual(prompt.text, atCursor(HUMAN_EVAL).text);
    assert.deepStrictEqual(prompt.stop, ['\nclass', '\ndef', '\n#', '\nif', '\nprint']);
  });

  it('a partly written body ends with the partial line', async () => {
    const ctx = await ctxAt('def f(xs):\n    """Sum."""\n    total = sum(║\n');
    assert.ok(buildPrompt(ctx, { style: 'codex' }).text.endsWith('    """Sum."""\n    total = sum('));
  });

  it('condenses a module that does not fit the budget: imports, constants, stubs, then the function', async () => {
    const helpers = Array.from({ length: 60 }, (_, i) => `def helper_${i}(x):\n    """Helper number ${i}."""\n    return x + ${i}\n`).join('\n');
    const marked = `import os\nfrom math import pi\n\nLIMIT = 3\n\n${helpers}\n\ndef target(x):\n    """Use helpers."""\n    ║`;
    const ctx = await ctxAt(marked);
    const prompt = buildPrompt(ctx, { style: 'codex', contextBudgetChars: 600 }).text;
    const fnStart = prompt.indexOf('def target(x):');
    assert.ok(fnStart > 0);
    assert.ok(fnStart <= 600 + 3, `module part is ${fnStart} chars`);
    assert.ok(prompt.startsWith('import os\nfrom math import pi\n\nLIMIT = 3\n\ndef helper_0(x):\n    """Helper number 0."""\n    ...'));
    assert.ok(!prompt.includes('return x + 0'), 'stubs have no bodies');
    assert.ok(prompt.endsWith('def target(x):\n    """Use helpers."""\n    '));
  });

  it('zero budget keeps only the function', async () => {
    const ctx = await ctxAt(HUMAN_EVAL);
    const prompt = buildPrompt(ctx, { style: 'codex', contextBudgetChars: 0 }).text;
    assert.ok(prompt.startsWith('def below_zero('));
  });

  it('a method gets its class: decorators, header, fields and the other methods as stubs', async () => {
    const ctx = await ctxAt(pythonFixture('geometry.py'), 0);
    const prompt = buildPrompt(ctx, { style: 'codex' }).text;
    const classPart = prompt.slice(prompt.indexOf('@dataclass(frozen=True)'));
    assert.ok(
      classPart.startsWith(
        '@dataclass(frozen=True)\nclass Circle:\n    radius: float\n    name: str = field(default="circle")\n' +
          '    def scaled(\n        self,\n        factor: float,\n    ) -> Circle: ...\n    def perimeter(self) -> float: ...\n\n' +
          '    def area(self) -> float:\n        """Area of the circle.',
      ),
      classPart,
    );
    assert.ok(prompt.endsWith('3.141592653589793\n        """\n        '));
    assert.ok(prompt.startsWith('"""Shapes and their measures."""\nfrom __future__ import annotations'));
  });

  it('a nested function shows its enclosing function from the top', async () => {
    const ctx = await ctxAt('import os\n\ndef outer(n):\n    base = n * 2\n    def inner(k):\n        """k plus base."""\n        ║\n    return inner\n');
    const prompt = buildPrompt(ctx, { style: 'codex' }).text;
    assert.strictEqual(prompt, 'import os\n\ndef outer(n):\n    base = n * 2\n    def inner(k):\n        """k plus base."""\n        ');
  });

  it('uses LF line breaks for a CRLF document', async () => {
    const ctx = await ctxAt('import os\r\n\r\ndef f():\r\n    """Doc."""\r\n    ║\r\n\r\ndef g():\r\n    pass\r\n');
    for (const style of ['codex', 'fim', 'chat'] as const) {
      const prompt = buildPrompt(ctx, { style });
      assert.ok(!prompt.text.includes('\r'), style);
      assert.ok(!(prompt.suffix ?? '').includes('\r'), style);
      assert.ok(!(prompt.messages ?? []).some((m) => m.content.includes('\r')), style);
    }
  });

  it('the stop sequences never cut an indented body', () => {
    const body = '    if x:\n        return 1\n    # note\n    print(x)\n    class_ = 1\n    def inner():\n        pass\n';
    for (const stop of CODEX_STOP_SEQUENCES) {
      assert.strictEqual(body.indexOf(stop), -1, JSON.stringify(stop));
      assert.ok(stop.startsWith('\n') && !/^\n\s/.test(stop));
    }
    assert.ok(('    return 1\n\nif __name__ == "__main__":').includes('\nif'));
  });
});

describe('prompt: fim style', () => {
  it('wraps the codex prefix and the text after the cursor in the chosen template', async () => {
    const ctx = await ctxAt('import os\n\ndef f(x):\n    """Doc."""\n    y = ║\n    return y\n\n\ndef g():\n    pass\n');
    const prompt = buildPrompt(ctx, { style: 'fim', fimTemplate: 'qwen' });
    const prefix = buildPrompt(ctx, { style: 'codex' }).text;
    assert.strictEqual(prompt.kind, 'fim');
    assert.strictEqual(prompt.template, 'qwen');
    assert.strictEqual(prompt.prefix, prefix);
    assert.strictEqual(prompt.suffix, '\n    return y\n\n\ndef g():\n    pass\n');
    assert.strictEqual(prompt.text, `<|fim_prefix|>${prefix}<|fim_suffix|>${prompt.suffix}<|fim_middle|>`);
  });

  it('defaults to starcoder', async () => {
    const prompt = buildPrompt(await ctxAt(HUMAN_EVAL), { style: 'fim' });
    assert.ok(prompt.text.startsWith('<fim_prefix>from typing import List'));
  });

  it('keeps the rest of the function and cuts what follows at a line end within the budget', () => {
    const ctx = { suffixInFunction: '\n    return y', suffixAfterFunction: '\n\ndef g():\n    pass\n\ndef h():\n    pass\n' } as CompletionContext;
    assert.strictEqual(fimSuffix(ctx, 30), '\n    return y\n\ndef g():\n');
    assert.strictEqual(fimSuffix(ctx, 5), '\n    return y');
  });
});

describe('prompt: chat style', () => {
  it('asks for the code at the cursor and shows the code with a cursor marker', async () => {
    const ctx = await ctxAt('def f(x):\n    """Double x."""\n    ║\n');
    const prompt = buildPrompt(ctx, { style: 'chat' });
    assert.strictEqual(prompt.kind, 'chat');
    assert.deepStrictEqual(prompt.stop, []);
    const [system, user] = prompt.messages!;
    assert.strictEqual(system!.role, 'system');
    assert.match(system!.content, /only the Python code/);
    assert.strictEqual(user!.role, 'user');
    assert.ok(user!.content.startsWith('Write the body of `f`.'));
    assert.ok(user!.content.includes(`\`\`\`python\ndef f(x):\n    """Double x."""\n    ${CURSOR_MARKER}`));
  });

  it('a partly written body is completed, with the code after the cursor shown', async () => {
    const ctx = await ctxAt('def f(x):\n    y = ║\n    return y\n');
    const user = buildPrompt(ctx, { style: 'chat' }).messages![1]!.content;
    assert.ok(user.startsWith('Complete `f`.'));
    assert.ok(user.includes(`    y = ${CURSOR_MARKER}\n    return y`));
  });
});

describe('prompt: condensed module', () => {
  it('prints imports, constants and stubs in that order, within the budget', () => {
    const text = condensedModule(
      {
        imports: ['import os'],
        constants: ['X = 1'],
        definitions: [
          { kind: 'function', name: 'f', signature: 'def f(a):', firstDocLine: 'Say """hi""".' },
          { kind: 'class', name: 'C', signature: 'class C(Base):' },
        ],
      },
      '    ',
      1000,
    );
    assert.strictEqual(text, 'import os\n\nX = 1\n\ndef f(a):\n    """Say \\"\\"\\"hi\\"\\"\\"."""\n    ...\n\nclass C(Base):\n    ...\n\n\n');
    assert.strictEqual(condensedModule({ imports: ['import os'], constants: [], definitions: [] }, '    ', 5), '');
  });
});
