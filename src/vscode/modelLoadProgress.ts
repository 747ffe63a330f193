/**
 * Shows the local GGUF model's load as a window progress ("Passk: Loading model… 40%") in the status
 * bar, fed by the local provider's `onLoadProgress` fractions (0..1).
 */
import * as path from 'path';
import * as vscode from 'vscode';

/** One progress indicator per load: opens on the first fraction below 1, closes at 1. */
export class ModelLoadProgress implements vscode.Disposable {
  private active: { report(percent: number): void; done(): void } | undefined;
  private lastPercent = -1;

  /** `modelPath` names the model in the message. */
  constructor(private readonly modelPath: string) {}

  /** The local provider's `onLoadProgress`. */
  readonly report = (fraction: number): void => {
    const percent = Math.max(0, Math.min(100, Math.round(fraction * 100)));
    if (percent >= 100) {
      this.dispose();
      return;
    }
    this.active ??= this.open();
    if (percent !== this.lastPercent) {
      this.lastPercent = percent;
      this.active.report(percent);
    }
  };

  private open(): { report(percent: number): void; done(): void } {
    let finish: () => void = () => undefined;
    let update: (percent: number) => void = () => undefined;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Passk: Loading model ${path.basename(this.modelPath)}` },
      (progress) => {
        update = (percent) => progress.report({ message: `Loading model… ${percent}%` });
        return finished;
      },
    );
    return { report: (percent) => update(percent), done: finish };
  }

  /** Closes the indicator (load finished, failed, or the backend was dropped). */
  dispose(): void {
    this.active?.done();
    this.active = undefined;
    this.lastPercent = -1;
  }
}
