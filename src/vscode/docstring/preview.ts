/** The diff preview's right side: the document as it would read with the generated docstring. */
import * as vscode from 'vscode';

/** The URI scheme of the proposed texts. */
export const PREVIEW_SCHEME = 'passk-docstring';

/** Serves the proposed text for the diff preview. */
export class PreviewProvider implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;

  /** Stores `text` as the proposal for `source` and returns the URI the diff shows. */
  put(source: vscode.Uri, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: source.path, query: source.toString() });
    this.texts.set(uri.toString(), text);
    this.emitter.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }
}
