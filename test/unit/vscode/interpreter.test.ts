import * as assert from 'assert';
import { chooseInterpreter, type InterpreterSources } from '../../../src/vscode/engine/interpreter';

function sources(extension: string | undefined | Error, setting: string): InterpreterSources {
  return {
    pythonExtension: () => (extension instanceof Error ? Promise.reject(extension) : Promise.resolve(extension)),
    setting: () => setting,
  };
}

describe('interpreter order: Python extension, then passk.python.path, then PATH', () => {
  const warnings: string[] = [];
  const warn = (m: string): number => warnings.push(m);
  beforeEach(() => (warnings.length = 0));

  it("the Python extension's selection comes first, even with passk.python.path set", async () => {
    assert.strictEqual(await chooseInterpreter(sources('/venv/bin/python', '/usr/bin/python3.12'), warn), '/venv/bin/python');
  });

  it('passk.python.path when the extension is absent or has no selection', async () => {
    assert.strictEqual(await chooseInterpreter(sources(undefined, '/usr/bin/python3.12'), warn), '/usr/bin/python3.12');
    assert.strictEqual(await chooseInterpreter(sources('  ', ' /opt/py/bin/python3 '), warn), '/opt/py/bin/python3');
  });

  it("undefined (the sandbox's PATH search) when neither gives one", async () => {
    assert.strictEqual(await chooseInterpreter(sources(undefined, ''), warn), undefined);
    assert.deepStrictEqual(warnings, []);
  });

  it('a failing Python extension is skipped with a warning', async () => {
    assert.strictEqual(await chooseInterpreter(sources(new Error('API not ready'), '/usr/bin/python3'), warn), '/usr/bin/python3');
    assert.match(warnings[0]!, /API not ready/);
  });
});
