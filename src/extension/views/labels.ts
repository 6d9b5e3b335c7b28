/**
 * Short labels the ILACS views show for reports and improvement items. Pure (no `vscode` import),
 * so the unit tests check them in plain Node.
 */
import { dateLabel as coreDateLabel } from '../../core/reportDate';
import { ASSESSMENT_WORDS, capitalised, STATUS_WORDS, type AnnotationStatus } from '../../core/annotations';
import type { Framework, Grade, Judgement, ReportKind } from '../../core/model';
import { builtinCodebook, findCriterion, type Codebook } from '../../core/codebook';
import type { ImprovementFilter, ImprovementItem } from '../../core/workspace/improvements';

const GRADE_LABELS: Record<Grade, string> = {
  outstanding: 'Outstanding',
  good: 'Good',
  'requires-improvement': 'RI',
  adequate: 'Adequate',
  inadequate: 'Inadequate',
};

const KIND_LABELS: Record<ReportKind, string> = {
  inspection: 'Inspection',
  'focused-visit': 'Focused visit',
  'monitoring-visit': 'Monitoring visit',
  jtai: 'JTAI',
  other: 'Other',
};

const FRAMEWORK_LABELS: Record<Framework, string> = { ilacs: 'ILACS', sif: 'SIF', slac: 'SLAC', unknown: '' };

/** An assessment in words, for running text ("area for improvement"). */
export const ASSESSMENT_LABELS = ASSESSMENT_WORDS;

/** A status in words, for running text ("in progress"); `statusLabel` is its title-case form. */
export { STATUS_WORDS };


export function gradeLabel(grade: Grade): string {
  return GRADE_LABELS[grade];
}

/** How each grade is worded where a heading states it ("...: requires improvement to be good"). */
const GRADE_WORDING: Record<Grade, RegExp> = {
  outstanding: /\boutstanding\b/i,
  good: /\bgood\b/i,
  'requires-improvement': /\brequires?\s+improvement\b/i,
  adequate: /(?<!in)\badequate\b/i,
  inadequate: /\binadequate\b/i,
};

/** Whether a section title already states this grade, so a label need not repeat it. */
export function titleStatesGrade(title: string, grade: Grade): boolean {
  // "requires improvement to be good" states that grade, not "good".
  const words = grade === 'good' ? title.replace(/\brequires?\s+improvement\s+to\s+be\s+good\b/gi, '') : title;
  return GRADE_WORDING[grade].test(words);
}

export function kindLabel(kind: ReportKind | null): string {
  return kind === null ? 'Unreadable report' : KIND_LABELS[kind];
}

export function frameworkLabel(framework: Framework): string {
  return FRAMEWORK_LABELS[framework];
}

export function statusLabel(status: AnnotationStatus): string {
  return capitalised(STATUS_WORDS[status]);
}

/** `2024-03-14` as `14 Mar 2024`, `2021-12` as `Dec 2021`, `2021` as `2021`; anything else unchanged; null as `undated`. */
export function dateLabel(iso: string | null): string {
  return coreDateLabel(iso);
}

/**
 * The grades of a report in one short line: the overall grade first when there is one ("RI overall"),
 * then each other distinct grade with how many judgements got it ("Good ×2, RI").
 */
export function gradesSummary(judgements: readonly Judgement[]): string {
  if (judgements.length === 0) return '';
  const overall = judgements.find((j) => /overall-effectiveness$/.test(j.area));
  const rest = judgements.filter((j) => j !== overall);
  const counts = new Map<Grade, number>();
  for (const j of rest) counts.set(j.grade, (counts.get(j.grade) ?? 0) + 1);
  const parts = [...counts].map(([g, n]) => (n > 1 ? `${gradeLabel(g)} ×${n}` : gradeLabel(g)));
  if (overall) parts.unshift(`${gradeLabel(overall.grade)} overall`);
  return parts.join(', ');
}

/** The worst grade a report was given, or null: what its icon shows. */
export function worstGrade(judgements: readonly Judgement[]): Grade | null {
  const order: Grade[] = ['inadequate', 'requires-improvement', 'adequate', 'good', 'outstanding'];
  for (const g of order) if (judgements.some((j) => j.grade === g)) return g;
  return null;
}

/** Where an item comes from, for its description: "Northmere · Inspection · 14 Mar 2024 · ¶12". */
export function itemOrigin(item: ImprovementItem): string {
  const parts = [item.localAuthority ?? item.report, kindLabel(item.reportKind), dateLabel(item.reportDate)];
  if (item.paragraphNumber !== null) parts.push(`¶${item.paragraphNumber}`);
  if (item.orphaned) parts.push('orphaned');
  return parts.join(' · ');
}

/** An item as plain text, for the clipboard. */
export function itemAsText(item: ImprovementItem, criterionLabels: readonly string[]): string {
  const lines = [item.text, `${item.source === 'printed' ? 'Printed improvement area' : 'Tagged paragraph'}: ${itemOrigin(item)} (${item.report})`];
  lines.push(`Status: ${statusLabel(item.status)}`);
  if (criterionLabels.length) lines.push(`Criteria: ${criterionLabels.join('; ')}`);
  if (item.timescale) lines.push(`Timescale: ${item.timescale.replace(/-/g, ' ')}`);
  if (item.note) lines.push(`Note: ${item.note}`);
  return lines.join('\n');
}

/** The active filters in words, for the view's description; empty when only the default applies. */
export function filterDescription(filter: ImprovementFilter, criterionLabel: (id: string) => string): string {
  const parts: string[] = [];
  const status = filter.status ?? 'open';
  if (status !== 'open') parts.push(status === 'all' ? 'all statuses' : statusLabel(status).toLowerCase());
  if (filter.report !== undefined) parts.push(filter.report.slice(filter.report.lastIndexOf('/') + 1));
  if (filter.criterion !== undefined) parts.push(criterionLabel(filter.criterion));
  if (filter.assessment !== undefined) parts.push(ASSESSMENT_LABELS[filter.assessment]);
  return parts.join(' · ');
}

let builtin: Codebook | undefined;

/**
 * Criteria as a person reads them: their labels in `codebook` (the built-in codebook where none is
 * at hand, as in a tree item drawn synchronously), else their ids.
 */
export function criteriaLabels(ids: readonly string[], codebook?: Codebook): string {
  const book = codebook ?? (builtin ??= builtinCodebook());
  return ids.map((id) => findCriterion(book, id)?.label ?? id).join(', ');
}
