import * as assert from 'assert';
import * as vscode from 'vscode';
import { startTestServer, type RecordedRequest, type TestServer } from '../../server/openaiServer';
import type { DocstringRunReport } from '../../../src/vscode/docstring/command';
import { ensureDocstringCommand, promptTarget } from './docstringHelpers';
import { closeAll, openPython, screenshot, sleep, useServer, waitFor } from './helpers';

const CIRCLE = [
  'import math',
  '',
  '',
  'def area(r):',
  '    return round(math.pi * r * r, 2)',
  '',
  '',
  'def perimeter(r):',
  '    return round(2 * math.pi * r, 2)',
  '',
].join('\n');

/** Docstring samples per target, repeated up to the n asked for (duplicates merge when ranked). */
function answers(req: RecordedRequest) {
  const { choices } = samplesFor(req);
  return { choices: Array.from({ length: req.n }, (_, i) => choices[i % choices.length]!) };
}

/** The likeliest `area` sample invents a parameter and must lose. */
function samplesFor(req: RecordedRequest) {
  switch (promptTarget(req)) {
    case 'area':
      return {
        choices: [
          { text: 'Area of a circle.\n\n    Args:\n        r: Radius.\n        unit: Unit.\n    """', logprobs: -0.05 },
          {
            text:
              'Area of a circle.\n\n    Args:\n        r: Radius.\n\n    Returns:\n        The area, rounded to 2 places.\n\n' +
              '    Examples:\n        >>> area(1)\n        3.14\n        >>> area(2)\n        12.0\n    """',
            logprobs: -0.3,
          },
        ],
      };
    case 'perimeter':
      return { choices: [{ text: 'Perimeter of a circle.\n\n    Args:\n        r: Radius.\n    """', logprobs: -0.2 }] };
    case 'norm':
      return { choices: [{ text: 'Euclidean norm.\n\n    Args:\n        x: First.\n        y: Second.\n    """', logprobs: -0.2 }] };
    default:
      return { choices: [{ text: 'Something.\n    """', logprobs: -1 }] };
  }
}

const AREA_DOC = [
  '    """Area of a circle.',
  '',
  '    Args:',
  '        r: Radius.',
  '',
  '    Returns:',
  '        The area, rounded to 2 places.',
  '',
  '    Examples:',
  '        >>> area(1)',
  '        3.14',
  '        >>> area(2)',
  '        12.57',
  '    """',
].join('\n');

async function generate(args: object = {}): Promise<DocstringRunReport | undefined> {
  return vscode.commands.executeCommand<DocstringRunReport | undefined>('passk.generateDocstring', args);
}

describe('Generate Docstring in a real VS Code', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ responder: answers });
    await useServer(server.url, { enabled: false }); // no inline requests in between
    await ensureDocstringCommand();
  });
  after(async () => {
    await closeAll();
    await server.close();
  });
  afterEach(closeAll);

  it('documents the selected function: the document equals the expected text, examples corrected by running them', async () => {
    const editor = await openPython('circle.py', CIRCLE);
    const start = editor.document.positionAt(CIRCLE.indexOf('def area'));
    const end = editor.document.positionAt(CIRCLE.indexOf('\n\n\ndef perimeter'));
    editor.selection = new vscode.Selection(start, end);
    server.reset();

    const report = await generate({ existing: 'replace' });

    const expected = CIRCLE.replace('def area(r):\n', `def area(r):\n${AREA_DOC}\n`);
    assert.strictEqual(editor.document.getText(), expected);
    assert.strictEqual(report?.executed, true, 'examples ran in the sandbox');
    assert.deepStrictEqual(report?.results[0]?.exampleReport, { kept: 1, corrected: 1, dropped: 0 });
    assert.strictEqual(server.count('completions'), 1, 'one request with n samples');
    assert.ok(server.requests[0]!.promptText.includes('>>>'), 'examples were asked for');
    const cursorAt = expected.indexOf('    """\n    return round(math.pi') + '    """'.length;
    assert.deepStrictEqual(editor.selection.active, editor.document.positionAt(cursorAt), 'cursor after the docstring');
    await screenshot('docstring-generated');

    await vscode.commands.executeCommand('undo');
    assert.strictEqual(editor.document.getText(), CIRCLE, 'one undo step takes it all back');
  });

  it('documents each definition of a multi-definition selection in one edit', async () => {
    const editor = await openPython('both.py', CIRCLE);
    editor.selection = new vscode.Selection(editor.document.positionAt(0), editor.document.positionAt(CIRCLE.length));
    const report = await generate({ existing: 'replace' });
    assert.deepStrictEqual(report?.applied, ['area', 'perimeter']);
    const expected = CIRCLE.replace('def area(r):\n', `def area(r):\n${AREA_DOC}\n`).replace(
      'def perimeter(r):\n',
      'def perimeter(r):\n    """Perimeter of a circle.\n\n    Args:\n        r: Radius.\n    """\n',
    );
    assert.strictEqual(editor.document.getText(), expected);
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(editor.document.getText(), CIRCLE);
  });

  it("keeps the document's CRLF line endings and a method's indentation", async () => {
    const text = 'class Vec:\r\n    def norm(self, x, y):\r\n        return (x * x + y * y) ** 0.5\r\n';
    const editor = await openPython('crlf.py', text, text.indexOf('return'));
    await generate({ existing: 'replace' });
    assert.strictEqual(
      editor.document.getText(),
      'class Vec:\r\n    def norm(self, x, y):\r\n        """Euclidean norm.\r\n\r\n        Args:\r\n            x: First.\r\n' +
        '            y: Second.\r\n        """\r\n        return (x * x + y * y) ** 0.5\r\n',
    );
  });

  it('an existing docstring is kept or replaced as asked', async () => {
    const text = 'def perimeter(r):\n    """Old."""\n    return 2 * r\n';
    const editor = await openPython('existing.py', text, text.indexOf('return'));
    const kept = await generate({ existing: 'keep' });
    assert.deepStrictEqual(kept?.applied, []);
    assert.strictEqual(editor.document.getText(), text);
    await generate({ existing: 'replace' });
    assert.strictEqual(
      editor.document.getText(),
      'def perimeter(r):\n    """Perimeter of a circle.\n\n    Args:\n        r: Radius.\n    """\n    return 2 * r\n',
    );
  });

  it('asks before replacing: a diff revealed at the change, a question that waits beside it, and Keep says nothing changed', async () => {
    // 80 lines above the function: a diff opened at line 1 would not show the change
    const filler = Array.from({ length: 80 }, (_, i) => `X${i} = ${i}`).join('\n');
    const text = `${filler}\n\n\ndef perimeter(r):\n    """Old."""\n    return 2 * r\n`;
    const editor = await openPython('ask.py', text, text.indexOf('return'));
    const running = generate({ existing: 'ask' });
    const diff = await waitFor(
      () =>
        vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .map((t) => t.input)
          .find((i): i is vscode.TabInputTextDiff => i instanceof vscode.TabInputTextDiff && i.modified.scheme === 'passk-docstring'),
      'the diff preview',
    );
    const proposed = await vscode.workspace.openTextDocument(diff.modified);
    assert.strictEqual(proposed.getText(), text.replace('"""Old."""', '"""Perimeter of a circle.\n\n    Args:\n        r: Radius.\n    """'));
    assert.strictEqual(diff.original.toString(), editor.document.uri.toString());
    const changeLine = editor.document.positionAt(text.indexOf('"""Old')).line;
    const shown = await waitFor(
      () => vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === diff.modified.toString() && e.visibleRanges.length > 0),
      'the proposed side of the diff',
    );
    await waitFor(() => shown.visibleRanges.some((r) => r.start.line <= changeLine && changeLine <= r.end.line), `the diff scrolled to line ${changeLine + 1}`);
    await sleep(800); // the question opens next to the diff
    await screenshot('docstring-diff');
    // the question is still there after a while (a toast would have hidden itself): answer Keep
    await sleep(1500);
    await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const report = await running;
    assert.deepStrictEqual(report?.applied, []);
    assert.deepStrictEqual(report?.kept, ['perimeter']);
    assert.strictEqual(report?.summary, 'Passk: nothing changed: kept the docstring of perimeter.');
    assert.strictEqual(editor.document.getText(), text);
  });

  it('offers a quick fix on the header of a definition without a docstring', async () => {
    const text = 'def perimeter(r):\n    return 2 * r\n\ndef done():\n    """Done."""\n';
    const editor = await openPython('quickfix.py', text);
    const at = (offset: number) => new vscode.Range(editor.document.positionAt(offset), editor.document.positionAt(offset));
    const titles = async (offset: number) =>
      ((await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, at(offset))) ?? [])
        .map((a) => a.title)
        .filter((t) => t.includes('Passk'));
    assert.deepStrictEqual(await titles(4), ['Generate docstring for function perimeter (Passk)']);
    assert.deepStrictEqual(await titles(text.indexOf('done')), [], 'not offered when a docstring exists');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, at(4));
    const fix = actions.find((a) => a.title.includes('Passk'))!;
    await vscode.commands.executeCommand(fix.command!.command, ...(fix.command!.arguments ?? []));
    assert.ok(editor.document.getText().startsWith('def perimeter(r):\n    """Perimeter of a circle.'));
  });
});
