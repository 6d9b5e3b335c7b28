/**
 * The paragraph hover and recurring criteria.
 *
 * Hovering a paragraph of a report shows its number and id, its section and that judgement's
 * grade, its tags (criteria, assessment, status, note, author) with links to edit them or to tag
 * the paragraph, and "Also found in": the paragraphs of other reports making the same finding
 * (`ParagraphRecurrences`), the authority's own in date order with the year the finding was first
 * raised (the earliest report listed), the best one or two of each report, each quoting the sentence
 * that carries the shared finding; then other authorities', each a link that opens that report at that paragraph
 * (`ilacs.openFinding`), with the criteria both are tagged with. Nothing is shown when nothing recurs.
 *
 * `ilacs.showRecurringFindings` lists the criteria raised in two or more reports of an authority,
 * with their years, then the findings of the one chosen.
 *
 * The hover stays cheap: the indexes are kept between hovers and brought up to date one report at a
 * time. The hover waits for that at most `HOVER_WAIT_MS` and otherwise shows what it has, saying the
 * other reports are still being read.
 */
import * as vscode from 'vscode';
import type { Annotation } from '../core/annotations';
import { findCriterion, type Codebook } from '../core/codebook';
import type { Paragraph, Report } from '../core/model';
import {
  authorities,
  findingsFor,
  recurringCriteria,
  type Finding,
  type RecurrenceIndex,
} from '../core/recurrence';
import { reportDate } from '../core/workspace/improvements';
import type { AnchoredAnnotation } from './annotationService';
import { toVsRange } from './convert';
import { withinMs } from './timing';
import { REPORT_SELECTOR } from './reportCache';
import type { Services } from './services';
import { paragraphAt } from './tagging/target';
import { revealInReport } from './reveal';
import type { ImprovementModel } from './views/improvementModel';
import { arrangeRecurrences, findingLabel, placeLabel } from './findingLinks';
import { FIND_RECURRENCES, type LocatedMatch, type ParagraphRecurrences } from './recurrences';
import { appendFollowUps, excerptOf } from './followUpHover';
import { ASSESSMENT_LABELS, dateLabel, gradeLabel, STATUS_WORDS, titleStatesGrade } from './views/labels';

export const OPEN_FINDING = 'ilacs.openFinding';
export const SHOW_RECURRING = 'ilacs.showRecurringFindings';

/** Commands the hover's links may run (and no others). */
const HOVER_COMMANDS = [OPEN_FINDING, SHOW_RECURRING, FIND_RECURRENCES, 'ilacs.tagParagraph', 'ilacs.editTags', 'ilacs.setAssessment', 'ilacs.setStatus', 'ilacs.addNote'];

/** How long a hover waits for the recurrence index to catch up before showing what it has. */
const HOVER_WAIT_MS = 50;
/** ...and for the report's tags (a small file, usually cached already). */
const TAGS_WAIT_MS = 250;

/** What `ilacs.openFinding` takes: a report and the range to select in it. */
export interface OpenFindingArgs {
  uri: vscode.Uri | string;
  range?: { start: { line: number; character: number }; end: { line: number; character: number } } | null;
}

/**
 * The recurring criteria of the folder the user is in (the active report's, else the first), as its
 * workspace session keeps them, and where to open a finding of it.
 */
async function criteriaIndexFor(services: Services): Promise<{ index: RecurrenceIndex; uriOf: (file: string) => vscode.Uri } | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder) return undefined;
  const index = await services.sessions.of(folder).criteriaIndex();
  return { index, uriOf: (file) => services.sessions.uriOf(folder, file) };
}

function commandLink(label: string, command: string, args: unknown, title?: string): string {
  const href = `command:${command}?${encodeURIComponent(JSON.stringify([args]))}`;
  const t = title ? ` "${title.replace(/["\\]/g, "'").replace(/\s+/g, ' ')}"` : '';
  return `[${escapeMarkdown(label)}](${href}${t})`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_{}[\]()#+\-.!|<>~])/g, '\\$1');
}

function criterionLabel(codebook: Codebook, id: string): string {
  return findCriterion(codebook, id)?.label ?? `${id} (not in the codebook)`;
}



const SOURCE_LABELS: Record<Finding['source'], string> = { printed: 'printed improvement area', tagged: 'tagged', suggested: 'suggested' };

function findingArgs(uriOf: (file: string) => vscode.Uri, f: Finding): OpenFindingArgs {
  return { uri: uriOf(f.report).toString(), range: f.range };
}

function tagsIn(anchored: readonly AnchoredAnnotation[], range: vscode.Range): Annotation[] {
  return anchored.filter((a) => a.range && a.range.intersection(range) !== undefined).map((a) => a.annotation);
}

/** The hover's Markdown for a paragraph. */
async function paragraphHover(
  services: Services,
  recurrences: ParagraphRecurrences,
  document: vscode.TextDocument,
  report: Report,
  paragraph: Paragraph,
  model?: ImprovementModel,
  token?: vscode.CancellationToken,
): Promise<vscode.MarkdownString | undefined> {
  const md = new vscode.MarkdownString('', true);
  md.isTrusted = { enabledCommands: HOVER_COMMANDS };
  md.supportThemeIcons = true;
  const uri = document.uri.toString();
  const codebook = await services.codebooks.codebookFor(document.uri);

  const section = report.sections.find((s) => s.id === paragraph.section);
  const grade = section ? (section.grade ?? (section.area ? report.judgements.find((j) => j.area === section.area)?.grade : undefined)) : undefined;
  const title = paragraph.number !== null ? `Paragraph ${paragraph.number}` : 'Paragraph';
  md.appendMarkdown(`**${title}** \`${paragraph.id}\``);
  if (section) md.appendMarkdown(` · ${escapeMarkdown(section.title)}`);
  // A heading that states its grade ("...help and protection: Inadequate") is not followed by it again.
  if (grade && !(section && titleStatesGrade(section.title, grade))) md.appendMarkdown(` · *${gradeLabel(grade)}*`);
  md.appendMarkdown('\n\n');

  const range = toVsRange(paragraph.range);
  const anchored = await withinMs(services.annotations.anchored(document), TAGS_WAIT_MS);
  const tags = anchored ? tagsIn(anchored, range) : [];
  if (!anchored) md.appendMarkdown('*Reading tags…*\n\n');
  for (const t of tags) {
    const parts = [t.criteria.map((c) => `**${escapeMarkdown(criterionLabel(codebook, c))}**`).join(', ')];
    if (t.assessment) parts.push(ASSESSMENT_LABELS[t.assessment]);
    parts.push(STATUS_WORDS[t.status]);
    md.appendMarkdown(`$(tag) ${parts.join(' · ')}`);
    if (t.author) md.appendMarkdown(` — ${escapeMarkdown(t.author)}`);
    md.appendMarkdown('  \n');
    if (t.note) md.appendMarkdown(`> ${escapeMarkdown(t.note.replace(/\s+/g, ' '))}\n\n`);
    const args = { uri, id: t.id };
    md.appendMarkdown(
      [commandLink('Edit criteria', 'ilacs.editTags', args), commandLink('Assessment', 'ilacs.setAssessment', args), commandLink('Status', 'ilacs.setStatus', args), commandLink('Note', 'ilacs.addNote', args)].join(' · ') + '\n\n',
    );
  }
  md.appendMarkdown(commandLink(tags.length ? 'Add another tag…' : 'Tag this paragraph…', 'ilacs.tagParagraph', { uri, paragraphId: paragraph.id }) + '\n\n');

  if (token?.isCancellationRequested) return undefined;
  if (model) await appendFollowUps(md, services, model, document.uri, paragraph, OPEN_FINDING);
  if (token?.isCancellationRequested) return undefined;
  await appendRecurrences(md, recurrences, document, report, paragraph, codebook);
  if (token?.isCancellationRequested) return undefined;
  return md;
}

/** Own authority's recurrences shown in the hover, and other authorities'; the rest are left to Find All Recurrences. */
const OWN_SHOWN = 5;
/** Matches the hover asks the index for. */
const HOVER_MATCHES = 40;
const OTHERS_SHOWN = 3;
/** Matches of one report the hover lists at most (the best ones). */
const PER_REPORT = 2;
/** A quoted sentence longer than this is cut, at a word. */
const QUOTE = 240;

/** What the hover quotes of a match: the sentence carrying the shared finding, else the paragraph's opening words. */
function quoteOf(m: LocatedMatch): string {
  if (!m.sentence) return excerptOf(m.text);
  if (m.sentence.length <= QUOTE) return m.sentence;
  const cut = m.sentence.slice(0, QUOTE - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), QUOTE / 2)).trimEnd()}…`;
}

/**
 * "Also found in": the paragraphs of other reports making the same finding, in date order, each a
 * link that opens that report at that paragraph, with the year the finding was first raised and the
 * criteria they share. Nothing at all when nothing recurs.
 */
async function appendRecurrences(
  md: vscode.MarkdownString,
  recurrences: ParagraphRecurrences,
  document: vscode.TextDocument,
  report: Report,
  paragraph: Paragraph,
  codebook: Codebook,
): Promise<void> {
  const ready = await recurrences.updateWithin(HOVER_WAIT_MS);
  // The best matches are enough for the hover; Find All Recurrences lists every one.
  const all = recurrences.matches(document.uri, paragraph, HOVER_MATCHES);
  if (all.length === 0) {
    if (!recurrences.filled) md.appendMarkdown('---\n\n*Still reading the other reports of the workspace for the same finding…*\n');
    return;
  }
  const line = (m: LocatedMatch, withAuthority: boolean): string => {
    const label = (withAuthority && m.localAuthority ? `${m.localAuthority}, ` : '') + placeLabel(m.date, m.reportKind, m.number, m.paragraph);
    const args: OpenFindingArgs = { uri: m.uri.toString(), range: { start: { line: m.range.start.line, character: m.range.start.character }, end: { line: m.range.end.line, character: m.range.end.character } } };
    const shared = m.sharedCriteria.length ? ` · shared: ${m.sharedCriteria.map((c) => `**${escapeMarkdown(criterionLabel(codebook, c))}**`).join(', ')}` : '';
    return `- ${commandLink(label, OPEN_FINDING, args, `${dateLabel(m.date)} · score ${m.score.toFixed(2)}`)} — “*${escapeMarkdown(quoteOf(m))}*”${shared}\n`;
  };
  md.appendMarkdown('---\n\n');
  const date = reportDate(report) ?? recurrences.indexFor(document.uri)?.report(recurrences.fileOf(document.uri) ?? '')?.date ?? null;
  const { own, others, firstRaised, firstHere } = arrangeRecurrences(all, date, OWN_SHOWN, OTHERS_SHOWN, PER_REPORT);
  if (own.length > 0) {
    const raised = firstRaised === null ? '' : firstHere ? ` · first raised here, ${firstRaised}` : ` · first raised ${firstRaised}`;
    md.appendMarkdown(`**Also found in**${raised}\n\n`);
    for (const m of own) md.appendMarkdown(line(m, false));
    md.appendMarkdown('\n');
  }
  if (others.length > 0) {
    md.appendMarkdown(`**${own.length > 0 ? 'Also' : 'Found'} in other local authorities**\n\n`);
    for (const m of others) md.appendMarkdown(line(m, true));
    md.appendMarkdown('\n');
  }
  const links = [commandLink(all.length < HOVER_MATCHES ? `Find all recurrences (${all.length})` : 'Find all recurrences…', FIND_RECURRENCES, { uri: document.uri.toString(), paragraphId: paragraph.id })];
  if (report.localAuthority) links.push(commandLink('Recurring criteria…', SHOW_RECURRING, { localAuthority: report.localAuthority }));
  md.appendMarkdown(links.join(' · ') + '\n');
  if (!ready) md.appendMarkdown('\n*Still reading some reports of the workspace…*\n');
}

function parseOpenArgs(raw: unknown): { uri: vscode.Uri; range: vscode.Range | null } {
  const args = (raw ?? {}) as OpenFindingArgs;
  if (!args.uri) throw new Error('ilacs.openFinding needs the report to open ({ uri, range })');
  const uri = typeof args.uri === 'string' ? vscode.Uri.parse(args.uri) : args.uri;
  const r = args.range;
  const range = r ? new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character) : null;
  return { uri, range };
}

interface RecurringArgs {
  localAuthority?: string;
}

async function showRecurringFindings(services: Services, raw: unknown): Promise<Finding | undefined> {
  const cache = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Reading reports for recurring findings' }, () => criteriaIndexFor(services));
  if (!cache) {
    void vscode.window.showInformationMessage('Open a folder of reports to find recurring findings.');
    return undefined;
  }
  const args = (raw && typeof raw === 'object' ? raw : {}) as RecurringArgs;
  const editor = vscode.window.activeTextEditor;
  let localAuthority = args.localAuthority ?? (editor ? services.reports.get(editor.document)?.localAuthority : undefined) ?? undefined;
  if (!localAuthority) {
    const all = authorities(cache.index);
    if (all.length === 0) {
      void vscode.window.showInformationMessage('No report in this workspace names its local authority, so there is nothing to compare.');
      return undefined;
    }
    localAuthority = all.length === 1 ? all[0] : await vscode.window.showQuickPick(all, { title: 'Recurring findings: choose a local authority' });
    if (!localAuthority) return undefined;
  }
  const codebook = await services.codebooks.codebookFor(editor?.document.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri);
  const recurring = recurringCriteria(cache.index, localAuthority);
  if (recurring.length === 0) {
    void vscode.window.showInformationMessage(`No criterion is raised in more than one ${localAuthority} report.`);
    return undefined;
  }
  const criterion = await vscode.window.showQuickPick(
    recurring.map((r) => {
      const counts = (['printed', 'tagged', 'suggested'] as const).filter((s) => r.counts[s] > 0).map((s) => `${r.counts[s]} ${s}`);
      return {
        label: criterionLabel(codebook, r.criterion),
        description: r.years.join(', '),
        detail: `${r.reports.length} reports · ${counts.join(', ')}`,
        id: r.criterion,
      };
    }),
    { title: `Recurring findings in ${localAuthority}`, placeHolder: 'Criteria raised in two or more reports, with their years', matchOnDetail: true },
  );
  if (!criterion) return undefined;
  const findings = findingsFor(cache.index, localAuthority, [criterion.id]);
  const chosen = await vscode.window.showQuickPick(
    findings.map((f) => ({ label: findingLabel(f), description: `${SOURCE_LABELS[f.source]} · ${dateLabel(f.reportDate)}`, detail: f.excerpt, finding: f })),
    { title: `${criterion.label} in ${localAuthority}`, matchOnDescription: true, matchOnDetail: true },
  );
  if (!chosen) return undefined;
  const { uri, range } = parseOpenArgs(findingArgs(cache.uriOf, chosen.finding));
  await revealInReport(uri, range);
  return chosen.finding;
}

/** Registers the paragraph hover, `ilacs.openFinding` and `ilacs.showRecurringFindings`. */
export function registerParagraphHover(services: Services, model: ImprovementModel, recurrences: ParagraphRecurrences): vscode.Disposable {
  const provider: vscode.HoverProvider = {
    async provideHover(document, position, token) {
      const report = services.reports.get(document);
      if (!report) return undefined;
      const paragraph = paragraphAt(report, position);
      if (!paragraph || position.line < paragraph.range.start.line) return undefined;
      // A hover the user has moved away from is not finished (its recurrences are the slow part).
      const md = await paragraphHover(services, recurrences, document, report, paragraph, model, token);
      if (!md || token.isCancellationRequested) return undefined;
      return new vscode.Hover(md, toVsRange(paragraph.range));
    },
  };
  return vscode.Disposable.from(
    vscode.languages.registerHoverProvider(REPORT_SELECTOR, provider),
    vscode.commands.registerCommand(OPEN_FINDING, async (raw: unknown) => {
      const { uri, range } = parseOpenArgs(raw);
      return revealInReport(uri, range);
    }),
    vscode.commands.registerCommand(SHOW_RECURRING, (raw: unknown) => showRecurringFindings(services, raw)),
  );
}
