/** Generate Docstring: the command, its quick fix and the diff preview, registered together. */
import * as vscode from 'vscode';
import { runCommand, GENERATE_DOCSTRING_COMMAND, type DocstringDeps, type GenerateDocstringArgs } from './command';
import { PreviewProvider, PREVIEW_SCHEME } from './preview';
import { DocstringQuickFix } from './quickFix';

export { GENERATE_DOCSTRING_COMMAND, type DocstringDeps, type DocstringRunReport, type GenerateDocstringArgs } from './command';

/** Registers the command, the quick fix and the preview provider; returns what to dispose. */
export function registerDocstring(context: vscode.ExtensionContext, deps: DocstringDeps): vscode.Disposable[] {
  const previews = new PreviewProvider();
  const disposables = [
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, previews),
    vscode.commands.registerCommand(GENERATE_DOCSTRING_COMMAND, (args?: GenerateDocstringArgs) =>
      runCommand(deps, previews, args),
    ),
    vscode.languages.registerCodeActionsProvider({ language: 'python' }, new DocstringQuickFix(), {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
  ];
  context.subscriptions.push(...disposables);
  return disposables;
}

