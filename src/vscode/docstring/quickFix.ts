/** The quick fix that offers Generate Docstring on a definition without one. */
import * as vscode from 'vscode';
import { findDocTargets } from '../../core/docstring/targets';
import { GENERATE_DOCSTRING_COMMAND, type GenerateDocstringArgs } from './command';

/** Offers the command on the header of a function, method or class that has no docstring. */
export class DocstringQuickFix implements vscode.CodeActionProvider {
  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection): Promise<vscode.CodeAction[]> {
    const offset = document.offsetAt(range.start);
    const text = document.getText();
    const [target] = await findDocTargets(text, { start: offset, end: offset }, { key: document.uri.toString(), version: document.version });
    if (!target || target.docstring || offset > target.headerEndOffset) {
      return [];
    }
    const what = target.kind === 'class' ? 'class' : 'function';
    const action = new vscode.CodeAction(`Generate docstring for ${what} ${target.name} (Passk)`, vscode.CodeActionKind.QuickFix);
    const args: GenerateDocstringArgs = { uri: document.uri.toString(), start: offset, end: offset };
    action.command = { command: GENERATE_DOCSTRING_COMMAND, title: action.title, arguments: [args] };
    return [action];
  }
}

