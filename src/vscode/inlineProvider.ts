/**
 * The inline completion provider: turns the editor's request into a `DocumentSnapshot`, lets the
 * `CompletionEngine` answer (cache, typing-through, or the pipeline), and returns every ranked sample
 * best first, so Alt+] / Alt+[ cycle in rank order.
 */
import * as vscode from 'vscode';
import type { CompletionEngine, DocumentSnapshot, EngineAnswer, EngineItem } from './engine/completionEngine';

/** What the provider needs from the rest of the extension. */
export interface InlineProviderDeps {
  engine: CompletionEngine;
  /** False when Passk is off everywhere or for this document. */
  isEnabledFor(document: vscode.TextDocument): boolean;
  /** Called with every answer (for the status bar and the candidates panel). */
  onAnswer(document: vscode.TextDocument, snapshot: DocumentSnapshot, answer: EngineAnswer): void;
  /** Called when the pipeline failed; `explicit` when the user asked (Complete Function Now, cycling). */
  onError(error: unknown, explicit: boolean): void;
  /** Run by VS Code when an item is accepted, with (document key, the sample's text). */
  acceptCommand?: string;
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
    // While the suggest widget shows an item, complete as if it were accepted and offer only text that
    // extends it: VS Code then shows both together, with no flicker and no fight over Tab.
    const view = withSelectedCompletion(document, position, context.selectedCompletionInfo);
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    const explicit = context.triggerKind === vscode.InlineCompletionTriggerKind.Invoke;
    try {
      const answer = await this.deps.engine.complete(view.snapshot, controller.signal, explicit);
      if (token.isCancellationRequested || answer.source === 'cancelled') {
        return undefined;
      }
      this.deps.onAnswer(document, view.snapshot, answer);
      const command = this.deps.acceptCommand;
      const onAccept = command
        ? (item: EngineItem): vscode.Command => ({ title: 'Accepted', command, arguments: [view.snapshot.key, item.ranked.sample.text] })
        : undefined;
      return { items: toItems(view.linePrefix, view.range, answer, onAccept) };
    } catch (e) {
      this.deps.onError(e, explicit);
      return undefined;
    } finally {
      subscription.dispose();
    }
  }
}

/** What to complete: the document (with the suggest widget's selected item applied, if any). */
interface CompletionView {
  snapshot: DocumentSnapshot;
  /** The cursor line's text from its start up to the (virtual) cursor. */
  linePrefix: string;
  /** The document range the items replace: line start to the cursor (or to the selected item's end). */
  range: vscode.Range;
}

/** The completion view at `position`, applying the suggest widget's selected item when there is one. */
export function withSelectedCompletion(
  document: vscode.TextDocument,
  position: vscode.Position,
  selected: vscode.SelectedCompletionInfo | undefined,
): CompletionView {
  const snapshot = snapshotOf(document, position);
  const lineStart = new vscode.Position(position.line, 0);
  if (!selected || selected.range.start.line !== position.line) {
    const linePrefix = document.lineAt(position.line).text.slice(0, position.character);
    return { snapshot, linePrefix, range: new vscode.Range(lineStart, position) };
  }
  const start = document.offsetAt(selected.range.start);
  const end = document.offsetAt(selected.range.end);
  const text = snapshot.text.slice(0, start) + selected.text + snapshot.text.slice(end);
  const offset = start + selected.text.length;
  const linePrefix = document.lineAt(position.line).text.slice(0, selected.range.start.character) + selected.text;
  const rangeEnd = selected.range.end.isAfter(position) ? selected.range.end : position;
  return { snapshot: { ...snapshot, text, offset }, linePrefix, range: new vscode.Range(lineStart, rangeEnd) };
}

/**
 * One item per answer text, in rank order. Each replaces the cursor's line from its start with that
 * line's text plus the completion, so what is already typed is part of the item and VS Code keeps the
 * ghost text while the user types through it.
 */
export function toItems(
  linePrefix: string,
  range: vscode.Range,
  answer: EngineAnswer,
  onAccept?: (item: EngineItem) => vscode.Command,
): vscode.InlineCompletionItem[] {
  const seen = new Set<string>();
  const items: vscode.InlineCompletionItem[] = [];
  for (const item of answer.items) {
    if (!seen.has(item.text)) {
      seen.add(item.text);
      items.push(new vscode.InlineCompletionItem(linePrefix + item.text, range, onAccept?.(item)));
    }
  }
  return items;
}
