import * as assert from 'assert';
import * as vscode from 'vscode';
import { startTestServer, type RecordedRequest, type TestServer } from '../../server/openaiServer';
import { acceptUntil, closeAll, passk, sleep, useServer, waitFor, waitForAnswer } from './helpers';

const CELL = 'def area(w, h):\n    """Area of a w by h rectangle."""\n    ';

function bodies(req: RecordedRequest) {
  const indent = req.promptText.endsWith('\n') ? '    ' : '';
  return {
    choices: [
      { text: `${indent}if w < 0 or h < 0:\n        raise ValueError("negative size")\n    return w * h\n`, logprobs: -0.2 },
      { text: `${indent}return w + h\n`, logprobs: -0.9 },
    ],
  };
}

describe('notebook cells and multi-line bodies', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ responder: bodies });
    await useServer(server.url, { 'sampling.n': 2 });
  });
  after(async () => {
    await closeAll();
    await server.close();
  });

  it('completes a function in a Python notebook cell, multi-line body indented exactly', async () => {
    const api = await passk();
    const data = new vscode.NotebookData([new vscode.NotebookCellData(vscode.NotebookCellKind.Code, CELL, 'python')]);
    const notebook = await vscode.workspace.openNotebookDocument('jupyter-notebook', data);
    await vscode.window.showNotebookDocument(notebook, { selections: [new vscode.NotebookRange(0, 1)] });
    await vscode.commands.executeCommand('notebook.cell.edit'); // focus the cell's text editor
    const cell = notebook.cellAt(0).document;
    const editor = await waitFor(() => vscode.window.activeTextEditor?.document === cell && vscode.window.activeTextEditor, 'the cell editor');
    const end = cell.positionAt(cell.getText().length);
    editor.selection = new vscode.Selection(end, end);
    await sleep(300);
    const calls = api.providerCalls();
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    const texts = await waitForAnswer(api, 2, calls);
    assert.strictEqual(texts[0], 'if w < 0 or h < 0:\n        raise ValueError("negative size")\n    return w * h');
    await acceptUntil(cell, `${CELL}if w < 0 or h < 0:\n        raise ValueError("negative size")\n    return w * h`);
    await waitFor(() => server.count('completions') >= 1, 'the request');
  });
});
