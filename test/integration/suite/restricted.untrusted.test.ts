import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, closeAll, openPython, waitFor } from './helpers';

describe('restricted mode (untrusted folder)', () => {
  after(closeAll);

  it('the folder is untrusted and Passk still activates', async () => {
    assert.strictEqual(vscode.workspace.isTrusted, false, 'the harness opens the folder untrusted');
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    await openPython('restricted.py', 'def add(a, b):\n    """Add."""\n    ');
    await waitFor(() => ext.isActive, 'activation in Restricted Mode');
  });
});
