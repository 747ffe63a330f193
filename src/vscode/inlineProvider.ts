/**
 * The inline completion provider: turns the editor's request into a `DocumentSnapshot`, lets the
 * `CompletionEngine` answer (cache, typing-through, or the pipeline), and returns every ranked sample
 * best first, so Alt+] / Alt+[ cycle in rank order.
 */
import * as vscode from 'vscode';
import type { CompletionEngine, DocumentSnapshot, EngineAnswer } from './engine/completionEngine';

/** What the provider needs from the rest of the extension. */
export interface InlineProviderDeps {
  engine: CompletionEngine;
  /** False when Passk is off everywhere or for this document. */
  isEnabledFor(document: vscode.TextDocument): boolean;
  /** Called with every answer (for the status bar and the candidates panel). */
  onAnswer(document: vscode.TextDocument, snapshot: DocumentSnapshot, answer: EngineAnswer): void;
  /** Called when the pipeline failed (never for a cancellation). */
  onError(error: unknown): void;
}

/** The snapshot of a document at a position. */
export function snapshotOf(document: vscode.TextDocument, position: vscode.Position): DocumentSnapshot {
  return {
    key: document.uri.toString(),
    version: document.version,
    languageId: document.languageId,
    text: document.getText(),
    offset: document.offsetAt(position),
  };
}

/** Passk's `InlineCompletionItemProvider`. */
export class InlineProvider implements vscode.InlineCompletionItemProvider {
  /** How many times VS Code asked (the tests read it). */
  calls = 0;

  constructor(private readonly deps: InlineProviderDeps) {}

  async provideInlineCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    context: vscode.InlineCompletionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.InlineCompletionList | undefined> {
    this.calls++;
    if (!this.deps.isEnabledFor(document)) {
      return undefined;
    }
    // While the suggest widget shows an item, its text goes in first: offering ours too would flicker
    // and fight over Tab.
    if (context.selectedCompletionInfo) {
      return undefined;
    }
    const snapshot = snapshotOf(document, position);
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    try {
      const immediate = context.triggerKind === vscode.InlineCompletionTriggerKind.Invoke;
      const answer = await this.deps.engine.complete(snapshot, controller.signal, immediate);
      if (token.isCancellationRequested || answer.source === 'cancelled') {
        return undefined;
      }
      this.deps.onAnswer(document, snapshot, answer);
      return { items: toItems(document, position, answer) };
    } catch (e) {
      this.deps.onError(e);
      return undefined;
    } finally {
      subscription.dispose();
    }
  }
}

/**
 * One item per answer text, in rank order. Each replaces the cursor's line from its start to the
 * cursor with that text plus the completion, so what is already typed on the line is part of the item
 * and VS Code keeps the ghost text while the user types through it.
 */
export function toItems(
  document: vscode.TextDocument,
  position: vscode.Position,
  answer: EngineAnswer,
): vscode.InlineCompletionItem[] {
  const lineStart = new vscode.Position(position.line, 0);
  const typed = document.lineAt(position.line).text.slice(0, position.character);
  const range = new vscode.Range(lineStart, position);
  const seen = new Set<string>();
  const items: vscode.InlineCompletionItem[] = [];
  for (const { text } of answer.items) {
    if (!seen.has(text)) {
      seen.add(text);
      items.push(new vscode.InlineCompletionItem(typed + text, range));
    }
  }
  return items;
}
