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

/** Shows the change as a diff and asks whether to replace the existing docstring. */
async function confirmReplace(r: GenerateResult, document: vscode.TextDocument, text: string, previews: PreviewProvider): Promise<boolean> {
  const proposed = previews.put(document.uri, applyEdits(text, [r.edit!]));
  await vscode.commands.executeCommand('vscode.diff', document.uri, proposed, `${r.target.name}: current ↔ generated docstring`, {
    preview: true,
  });
  const answer = await vscode.window.showInformationMessage(
    `Passk: replace the docstring of ${r.target.name} with the generated one?`,
    'Replace',
    'Keep',
  );
  await closeTabsOf(proposed);
  return answer === 'Replace';
}

async function closeTabsOf(uri: vscode.Uri): Promise<void> {
  const tabs = vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === uri.toString());
  if (tabs.length > 0) {
    await vscode.window.tabGroups.close(tabs);
  }
}

