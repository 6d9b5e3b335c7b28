/**
 * What a tagging command works on: the report document, its store key, the paragraph at the cursor
 * or the selected text, and the tags there. Shared by the commands, the CodeLens and the status bar.
 */
import * as vscode from 'vscode';
import { findParagraph, paragraphBody } from '../../core/workspace';
import type { Paragraph, Report } from '../../core/model';
import { paragraphForAnchor } from '../../core/annotations';
import { LineIndex } from '../../core/range';
import type { AnchoredAnnotation, ReportKey } from '../annotationService';
import { isReportDocument } from '../reportCache';
import { asReportDocument } from '../reportLanguage';
import type { Services } from '../services';
import { toVsRange } from '../convert';

/** A problem the user can act on; commands show it as a message and return undefined. */
export class TaggingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TaggingError';
  }
}

export interface ReportTarget {
  document: vscode.TextDocument;
  key: ReportKey;
  report: Report;
  /** The editor showing the document, when there is one. */
  editor: vscode.TextEditor | undefined;
}

export interface TextTarget {
  paragraph: Paragraph;
  /** Offsets of the text to tag in the document; `end` exclusive. */
  start: number;
  end: number;
}

function describe(uri: vscode.Uri): string {
  return uri.scheme === 'untitled' ? `the untitled document "${uri.path}"` : vscode.workspace.asRelativePath(uri);
}

/** The report a command is about: `uri` when given, else the active editor's document. */
export async function reportTarget(services: Services, uri?: vscode.Uri | string): Promise<ReportTarget> {
  const wanted = typeof uri === 'string' ? vscode.Uri.parse(uri) : uri;
  const active = vscode.window.activeTextEditor;
  let document: vscode.TextDocument | undefined;
  if (wanted) document = await vscode.workspace.openTextDocument(wanted);
  else document = active?.document;
  if (!document) throw new TaggingError('Open a report (a .txt or .md file) first: ILACS Annotator tags the report in the active editor.');
  // A tagging command run on a plain-text or Markdown file says the user reads it as a report.
  if (!isReportDocument(document) && (document.languageId === 'plaintext' || document.languageId === 'markdown')) {
    document = await asReportDocument(document);
  }
  if (!isReportDocument(document)) {
    throw new TaggingError(`${describe(document.uri)} is not a plain text or Markdown report: ILACS Annotator tags .txt and .md files.`);
  }
  const key = services.annotations.keyOf(document.uri);
  if (!key) {
    throw new TaggingError(
      document.uri.scheme === 'untitled'
        ? 'Open a folder first: tags of an untitled report are kept in the first workspace folder, and none is open.'
        : `${document.uri.fsPath} is outside the open workspace folders. Tags are kept in the workspace folder that holds the report: open that folder (File: Open Folder or Add Folder to Workspace) to tag it.`,
    );
  }
  const report = services.reports.get(document);
  if (!report || report.paragraphs.length === 0) {
    throw new TaggingError(`${describe(document.uri)} has no paragraphs to tag (it is empty or could not be read as a report).`);
  }
  const editor =
    active?.document === document ? active : vscode.window.visibleTextEditors.find((e) => e.document === document);
  return { document, key, report, editor };
}

/** Offsets of a paragraph's text in the document, without its printed number ("3." before the words). */
export function paragraphRangeOffsets(document: vscode.TextDocument, paragraph: Paragraph): { start: number; end: number } {
  const r = toVsRange(paragraph.range);
  const start = document.offsetAt(r.start);
  const end = document.offsetAt(r.end);
  // Offsets within the paragraph's own text, shifted back to the document's.
  const body = paragraphBody(document.getText(r), 0, end - start, paragraph);
  return { start: start + body.start, end: start + body.end };
}

/**
 * A paragraph by id (`p3`, `main-findings.2`) or by printed number (`3`): the core's lookup, so the
 * editor and `ilacs tag` find the same paragraph and word a missing one the same way.
 */
export function paragraphById(report: Report, ref: string): Paragraph {
  const found = findParagraph(report, ref);
  if (!found.ok) throw new TaggingError(`${found.message}.`);
  return found.paragraph;
}

/** The paragraph whose lines hold `position`, or the next one after it (the cursor on a blank line). */
export function paragraphAt(report: Report, position: vscode.Position): Paragraph | undefined {
  const line = position.line;
  const holding = report.paragraphs.find((p) => p.range.start.line <= line && line <= p.range.end.line);
  if (holding) return holding;
  return report.paragraphs.find((p) => p.range.start.line > line);
}

/**
 * The text to tag: the named paragraph; else the editor's selection (the paragraph it falls in
 * recorded with it); else the paragraph at the cursor.
 */
export function textTarget(target: ReportTarget, paragraphId?: string): TextTarget {
  const { document, report, editor } = target;
  if (paragraphId !== undefined) {
    const paragraph = paragraphById(report, paragraphId);
    return { paragraph, ...paragraphRangeOffsets(document, paragraph) };
  }
  if (!editor) throw new TaggingError(`Show ${describe(document.uri)} in an editor and put the cursor in the paragraph to tag.`);
  const selection = editor.selection;
  if (!selection.isEmpty) {
    const text = document.getText();
    let start = document.offsetAt(selection.start);
    let end = document.offsetAt(selection.end);
    // Surrounding white space is not part of what the user meant to tag.
    while (start < end && /\s/.test(text[start])) start++;
    while (end > start && /\s/.test(text[end - 1])) end--;
    if (start === end) throw new TaggingError('The selection holds only white space: select the words to tag, or put the cursor in a paragraph.');
    const paragraph = paragraphForAnchor(report.paragraphs, new LineIndex(text), { start, end });
    if (!paragraph) throw new TaggingError(`${describe(document.uri)} has no paragraphs to tag.`);
    return { paragraph, start, end };
  }
  const paragraph = paragraphAt(report, selection.active);
  if (!paragraph) throw new TaggingError('The cursor is below the last paragraph: put it in the paragraph to tag.');
  return { paragraph, ...paragraphRangeOffsets(document, paragraph) };
}

/** Tags that lie (at least partly) in the paragraph at the cursor, or that hold the cursor. */
export function tagsAtCursor(target: ReportTarget, anchored: readonly AnchoredAnnotation[]): AnchoredAnnotation[] {
  const { editor, report, document } = target;
  if (!editor) return [];
  const cursor = editor.selection.active;
  const paragraph = paragraphAt(report, cursor);
  const para = paragraph ? paragraphRangeOffsets(document, paragraph) : undefined;
  const at = document.offsetAt(cursor);
  return anchored.filter((a) => {
    if (a.orphaned) return false;
    if (a.start <= at && at <= a.end) return true;
    return para !== undefined && a.start < para.end && para.start < a.end;
  });
}
