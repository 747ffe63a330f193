/**
 * Which generated docstrings go in: a definition that has a docstring already is replaced only by policy
 * or when the user agrees after seeing the change as a diff.
 */
import * as vscode from 'vscode';
import type { GenerateResult } from '../../core/docstring/generate';
import { applyEdits } from '../../core/docstring/placement';
import type { ExistingDocstringPolicy } from '../../core/docstring/settings';
import type { PreviewProvider } from './preview';

/** Keeps the results to apply: a target with a docstring already is replaced only when the user agrees. */
export async function chooseResults(
  results: GenerateResult[],
  policy: ExistingDocstringPolicy,
  document: vscode.TextDocument,
  text: string,
  previews: PreviewProvider,
): Promise<GenerateResult[]> {
  const chosen: GenerateResult[] = [];
  for (const r of results) {
    if (!r.edit) {
      continue;
    }
    if (!r.target.docstring || policy === 'replace') {
      chosen.push(r);
    } else if (policy === 'ask' && (await confirmReplace(r, document, text, previews))) {
      chosen.push(r);
    }
  }
  return chosen;
}

/**
 * Shows the change as a diff scrolled to it, and asks next to it — a quick pick that stays open until
 * answered, not a toast that hides itself — whether to replace the existing docstring.
 */
async function confirmReplace(r: GenerateResult, document: vscode.TextDocument, text: string, previews: PreviewProvider): Promise<boolean> {
  const proposed = previews.put(document.uri, applyEdits(text, [r.edit!]));
  const at = positionIn(text, r.edit!.start);
  await vscode.commands.executeCommand('vscode.diff', document.uri, proposed, `${r.target.name}: current ↔ generated docstring`, {
    preview: true,
    selection: new vscode.Range(at, at),
  });
  const replace = { label: '$(check) Replace', detail: 'Put the generated docstring in (the diff shows it on the right)' };
  const keep = { label: '$(close) Keep', detail: 'Leave the current docstring as it is' };
  const answer = await vscode.window.showQuickPick([replace, keep], {
    title: `Passk: ${r.target.name} already has a docstring`,
    placeHolder: 'Replace it with the generated one?',
    ignoreFocusOut: true,
  });
  await closeTabsOf(proposed);
  return answer === replace;
}

/** The position of `offset` in `text` (the diff's sides share the text before the edit). */
function positionIn(text: string, offset: number): vscode.Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return new vscode.Position(line, offset - (before.lastIndexOf('\n') + 1));
}

async function closeTabsOf(uri: vscode.Uri): Promise<void> {
  const tabs = vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === uri.toString());
  if (tabs.length > 0) {
    await vscode.window.tabGroups.close(tabs);
  }
}

