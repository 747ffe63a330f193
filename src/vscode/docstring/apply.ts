/** Puts the chosen docstrings into the document, finding the definitions again if the text changed meanwhile. */
import * as vscode from 'vscode';
import type { GenerateResult } from '../../core/docstring/generate';
import { docstringEdit, type DocstringEdit } from '../../core/docstring/placement';
import { findDocTargets } from '../../core/docstring/targets';

/**
 * Applies every chosen docstring as one edit (one undo step) and puts the cursor after the first.
 * When the document changed meanwhile, the targets are found again by name in the new text.
 */
export async function applyResults(document: vscode.TextDocument, originalText: string, results: GenerateResult[]): Promise<string[]> {
  if (results.length === 0) {
    return [];
  }
  const text = document.getText();
  const edits = text === originalText ? results.map((r) => r.edit!) : await relocate(text, results, document.eol);
  if (edits.length === 0) {
    void vscode.window.showWarningMessage('Passk: the definitions changed while the docstring was written; run the command again.');
    return [];
  }
  const editor = await vscode.window.showTextDocument(document);
  const ok = await editor.edit((b) => {
    for (const e of edits) {
      b.replace(new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.newText);
    }
  });
  if (!ok) {
    return [];
  }
  const first = [...edits].sort((a, b) => a.start - b.start)[0]!;
  const cursor = document.positionAt(first.cursorOffset);
  editor.selection = new vscode.Selection(cursor, cursor);
  editor.revealRange(new vscode.Range(cursor, cursor));
  return results.map((r) => r.target.name);
}

async function relocate(text: string, results: GenerateResult[], eol: vscode.EndOfLine): Promise<DocstringEdit[]> {
  const now = await findDocTargets(text, { start: 0, end: text.length });
  const edits: DocstringEdit[] = [];
  for (const r of results) {
    const same = now.find((t) => t.name === r.target.name && t.nesting.join('.') === r.target.nesting.join('.'));
    const content = r.candidates[0]?.text;
    if (same && content !== undefined) {
      edits.push(docstringEdit(text, same, content, eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n'));
    }
  }
  return edits;
}

