/**
 * The hover's "Followed up in" section: on a paragraph holding an improvement item (printed, or a
 * tag assessed as an area for improvement), what later reports of the authority say of it, in
 * date order, each a link that opens that report at the paragraph.
 */
import * as vscode from 'vscode';
import { describeFollowUpReport, type FollowUp } from '../core/followups';
import type { Paragraph } from '../core/model';
import type { Services } from './services';
import { withinMs } from './timing';
import type { ImprovementModel } from './views/improvementModel';
import { dateLabel } from './views/labels';

/** How long the hover waits for the improvement items (built once, then cached) before leaving this out. */
const ITEMS_WAIT_MS = 300;
/** How much of a paragraph the hover quotes, cut at this many characters. */
const EXCERPT = 110;

/** A hover's excerpt of a paragraph: its opening characters, cut with an ellipsis. */
export function excerptOf(text: string): string {
  return text.length > EXCERPT ? `${text.slice(0, EXCERPT - 1).trimEnd()}…` : text;
}

function escape(text: string): string {
  return text.replace(/([\\`*_{}[\]()#+\-.!|<>~])/g, '\\$1');
}

function link(label: string, command: string, args: unknown, title: string): string {
  return `[${escape(label)}](command:${command}?${encodeURIComponent(JSON.stringify([args]))} "${title.replace(/["\\]/g, "'")}")`;
}

/** The follow-ups of the items on this paragraph, oldest first; empty when it holds none. */
export async function paragraphFollowUps(model: ImprovementModel, file: string, paragraph: Paragraph): Promise<FollowUp[]> {
  const items = await withinMs(model.items(), ITEMS_WAIT_MS);
  if (!items) return [];
  const seen = new Set<string>();
  const out: FollowUp[] = [];
  for (const item of items) {
    if (item.report !== file || item.paragraph !== paragraph.id || item.orphaned) continue;
    for (const f of item.followUps?.followUps ?? []) {
      const k = `${f.file}#${f.paragraph}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(f);
    }
  }
  return out.sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '') || a.file.localeCompare(b.file) || a.startLine - b.startLine);
}

/** Appends "Followed up in" to the hover; nothing when the paragraph holds no item with follow-ups. */
export async function appendFollowUps(md: vscode.MarkdownString, services: Services, model: ImprovementModel, document: vscode.Uri, paragraph: Paragraph, openCommand: string): Promise<void> {
  // The workspace's own reading of the report, whose paths the improvement items use.
  const file = services.index.get(document)?.report.file;
  if (file === undefined) return;
  const list = await paragraphFollowUps(model, file, paragraph);
  if (list.length === 0) return;
  md.appendMarkdown('---\n\n**Followed up in**\n\n');
  const uriOf = new Map(services.index.all().map((r) => [r.report.file, r.uri] as const));
  for (const f of list) {
    const uri = uriOf.get(f.file);
    const label = `${describeFollowUpReport(f.date, f.reportKind)}, ${f.number !== null ? `paragraph ${f.number}` : f.paragraph}: ${f.verdict}${f.raisedAgain ? ' (raised again)' : ''}`;
    const range = { start: { line: f.startLine, character: 0 }, end: { line: f.endLine, character: 0 } };
    md.appendMarkdown(`- ${uri ? link(label, openCommand, { uri: uri.toString(), range }, dateLabel(f.date)) : escape(label)} — *${escape(excerptOf(f.excerpt))}*\n`);
  }
  md.appendMarkdown('\n');
}
