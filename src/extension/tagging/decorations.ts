/**
 * Tagged text is visible: a bar in the judgement area's colour on the left of each tagged line and
 * in the overview ruler. One decoration type per colour, made when first needed and disposed with
 * the feature. Only visible editors are drawn; typing redraws after a short pause, and a change of
 * tags, codebook or settings redraws at once. Orphans have no text and are not drawn.
 */
import * as vscode from 'vscode';
import { DEFAULT_AREA_COLOUR, findArea, findCriterion } from '../../core/codebook';
import type { Codebook } from '../../core/codebook';
import type { Annotation } from '../../core/annotations';
import { isReportDocument } from '../reportCache';
import type { Services } from '../services';
import { affects, readSettings } from '../settings';

/** Pause after the last keystroke before decorations are redrawn. */
export const REDRAW_DELAY_MS = 150;

/** The colour of a tag: the judgement area of its first known criterion. */
export function tagColour(codebook: Codebook, annotation: Annotation): string {
  for (const id of annotation.criteria) {
    const criterion = findCriterion(codebook, id);
    if (criterion) return findArea(codebook, criterion.area)?.colour ?? DEFAULT_AREA_COLOUR;
  }
  return DEFAULT_AREA_COLOUR;
}

export class TagDecorations implements vscode.Disposable {
  private readonly types = new Map<string, vscode.TextEditorDecorationType>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  constructor(private readonly services: Services) {
    this.disposables.push(
      vscode.window.onDidChangeVisibleTextEditors(() => this.redrawVisible()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length && this.isVisible(e.document)) this.schedule(e.document);
      }),
      services.annotations.onDidChange(() => this.redrawVisible()),
      services.codebooks.onDidChange(() => this.redrawVisible()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affects(e, 'decorations.enabled')) this.redrawVisible();
      }),
    );
    this.redrawVisible();
  }

  private isVisible(document: vscode.TextDocument): boolean {
    return vscode.window.visibleTextEditors.some((e) => e.document === document);
  }

  private typeFor(colour: string): vscode.TextEditorDecorationType {
    let type = this.types.get(colour);
    if (!type) {
      type = vscode.window.createTextEditorDecorationType({
        isWholeLine: true,
        borderColor: colour,
        borderStyle: 'solid',
        borderWidth: '0 0 0 3px',
        overviewRulerColor: colour,
        overviewRulerLane: vscode.OverviewRulerLane.Left,
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      });
      this.types.set(colour, type);
    }
    return type;
  }

  private schedule(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.redrawDocument(document);
      }, REDRAW_DELAY_MS),
    );
  }

  redrawVisible(): void {
    const seen = new Set<vscode.TextDocument>();
    for (const editor of vscode.window.visibleTextEditors) {
      if (seen.has(editor.document)) continue;
      seen.add(editor.document);
      void this.redrawDocument(editor.document);
    }
  }

  /** Draws the document's tags in every visible editor showing it. */
  async redrawDocument(document: vscode.TextDocument): Promise<void> {
    if (this.disposed || !isReportDocument(document)) return;
    const byColour = new Map<string, vscode.Range[]>();
    try {
      if (readSettings(document.uri).decorationsEnabled && this.services.annotations.keyOf(document.uri)) {
        const version = document.version;
        const [anchored, codebook] = await Promise.all([this.services.annotations.anchored(document), this.services.codebooks.codebookFor(document.uri)]);
        // A newer edit has its own redraw coming.
        if (document.version !== version || this.disposed) return;
        for (const a of anchored) {
          if (!a.range) continue;
          const colour = tagColour(codebook, a.annotation);
          const list = byColour.get(colour) ?? [];
          list.push(a.range);
          byColour.set(colour, list);
        }
      }
    } catch (err) {
      this.services.log.warn(`Tags of ${document.uri.toString()} could not be drawn: ${err instanceof Error ? err.message : String(err)}`);
    }
    for (const colour of byColour.keys()) this.typeFor(colour);
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document !== document) continue;
      for (const [colour, type] of this.types) editor.setDecorations(type, byColour.get(colour) ?? []);
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const type of this.types.values()) type.dispose();
    this.types.clear();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

export function registerTagDecorations(services: Services): vscode.Disposable {
  return new TagDecorations(services);
}
