/**
 * The Improvement Areas tree: every improvement area in a workspace, from two sources, grouped by
 * judgement area, then criterion.
 *
 * - Printed items: the improvement areas a report prints ("What needs to improve?", areas for
 *   priority action, SIF and SLAC areas for improvement). Their criteria are suggested from their
 *   text with the codebook's keywords (`printedCriteria`); their status is the one stored for them
 *   (`ImprovementStatusRecord`), open when none is stored.
 * - Tagged items: annotations assessed `area-for-improvement` or `serious-weakness`, with the
 *   criteria and status the user gave them. Orphaned tags are kept (with no range), never dropped.
 *
 * Built in three steps so the editor can refresh one report without rebuilding the rest:
 * `reportImprovementItems` (one report, pure, no cross-report links), `mergeImprovementItems`
 * (all reports: sorted, evidence links added; linear apart from the sort) and
 * `buildImprovementTree` (filter and group).
 *
 * Status filter: `open` (the default) shows everything not yet resolved, that is open and
 * in-progress items, because "what is still open?" includes work under way; `in-progress` and
 * `resolved` show only that status; `all` shows everything.
 *
 * Grouping: an item sits under each of its criteria (a paragraph tagged with two criteria is found
 * under both), and under the judgement area of each of those criteria. Counts on a criterion group
 * count its items; counts on an area group and the totals count distinct items, so an item under two
 * criteria of one area counts once there. Items with no criteria sit under their section's
 * judgement area (or "No judgement area") in a "No criterion" group; criterion ids the codebook no
 * longer has sit under "No judgement area".
 *
 * Order: areas and criteria in codebook order, unknown ones after them, "none" groups last; items
 * by report date (publication date, else the last inspection day; undated last), then report path,
 * then position in the report (which is paragraph-number order), printed before tagged.
 */
import { reportDate as reportDateValue } from '../reportDate';
import type { Annotation, AnnotationStatus, Assessment, ImprovementPlanRecord, ImprovementStatusRecord } from '../annotations';
import { suggestCriteria, type Codebook, type Suggestion } from '../codebook';
import type { ItemFollowUps } from '../followups/followUps';
import type { ImprovementArea, ImprovementSource, Report, ReportKind, Timescale } from '../model';
import { comparePositions, type Range } from '../range';
import type { ResolvedAnnotation } from './resolve';
import { comparePaths } from './scan';

export type ItemSource = 'printed' | 'tagged';

/** Where something found in a report is: the report, whom and when it is about, and the paragraph. */
export interface ReportPlace {
  /** Report path relative to the workspace, forward slashes. */
  report: string;
  localAuthority: string | null;
  /** Null when the report file is missing or unreadable. */
  reportKind: ReportKind | null;
  /** Publication date, else last inspection day (yyyy-mm-dd), else null. */
  reportDate: string | null;
  /** Paragraph id holding it (for an orphaned tag, the last one it was seen in). */
  paragraph: string | null;
  paragraphNumber: number | null;
  /** Null for an orphaned tag. */
  range: Range | null;
}

export interface ImprovementItem extends ReportPlace {
  /** Stable key: `printed:<report>#<improvement id>` or `tagged:<report>#<annotation id>`. */
  key: string;
  source: ItemSource;
  /** Judgement area of the first criterion the codebook knows (else of the item's section), or null. */
  area: string | null;
  /** Criterion ids: suggested for printed items, chosen by the user for tagged ones. */
  criteria: string[];
  /** The item's text, whitespace folded (for a tag, the tagged text). */
  text: string;
  status: AnnotationStatus;
  timescale?: Timescale;
  /** Printed items: keys of tagged items of the same local authority sharing a criterion. Tagged items: empty. */
  evidence: string[];
  /** Tagged items: the annotation's assessment; printed items: null. */
  assessment: Assessment | null;
  /** The note on the annotation or on the stored status. */
  note: string;
  /** True for a tag whose text is no longer in the report. */
  orphaned: boolean;
  /** Printed items: the parser's improvement id and heading kind (what `setImprovementStatus` needs with `text`). */
  improvement?: { id: string; source: ImprovementSource; quote: string };
  /** Tagged items: the annotation id. */
  annotation?: string;
  /** Whether someone gave the item its status (a stored status; for a tag, a status other than open or a tag changed since it was made). */
  statusSet?: boolean;
  /** The item's improvement plan, or null when none is stored. */
  plan?: ItemPlan | null;
  /** What later reports of the authority say of the item (`attachFollowUps`); absent until worked out. */
  followUps?: ItemFollowUps;
}

/** An item's improvement plan as the tree and the CLI show it. */
export type ItemPlan = Pick<ImprovementPlanRecord, 'owner' | 'due' | 'rag' | 'reason' | 'author' | 'modified'>;

function itemPlan(r: ImprovementPlanRecord | undefined): ItemPlan | null {
  return r ? { owner: r.owner, due: r.due, rag: r.rag, reason: r.reason, author: r.author, modified: r.modified } : null;
}

/** One report as the tree needs it. */
export interface ReportImprovementInput {
  /** Workspace-relative path. */
  file: string;
  /** The parsed report, or null when the file is missing or cannot be read. */
  report: Report | null;
  /** The report's annotations, resolved on its current text (`resolveAnnotations`; `orphanAnnotations` when `report` is null). */
  annotations: readonly ResolvedAnnotation[];
  improvementStatuses: readonly ImprovementStatusRecord[];
  /** The report's stored improvement plans. */
  improvementPlans?: readonly ImprovementPlanRecord[];
}

export type StatusFilter = 'open' | 'in-progress' | 'resolved' | 'all';
export const STATUS_FILTERS: readonly StatusFilter[] = ['open', 'in-progress', 'resolved', 'all'];

export interface ImprovementFilter {
  /** Default `open`: everything not resolved (open and in-progress). */
  status?: StatusFilter;
  /** Only items of this workspace-relative report. */
  report?: string;
  /** Only items with this criterion id. */
  criterion?: string;
  /** Only tagged items with this assessment (printed items have none, so they are left out). */
  assessment?: Assessment;
  /** Only items the authority's latest report still raises (see `ItemFollowUps.stillRaised`). */
  stillRaised?: boolean;
}

export interface CriterionGroup {
  /** Criterion id, or null for items with no criteria. */
  criterion: string | null;
  label: string;
  count: number;
  /** Items not resolved. */
  open: number;
  items: ImprovementItem[];
}

export interface AreaGroup {
  /** Judgement area id, or null for "No judgement area". */
  area: string | null;
  label: string;
  /** Distinct items under the area. */
  count: number;
  open: number;
  criteria: CriterionGroup[];
}

export interface ImprovementTree {
  groups: AreaGroup[];
  /** The items shown, distinct, in item order. */
  items: ImprovementItem[];
  /** Distinct items shown. */
  total: number;
  /** Items not resolved among those matching every filter except status: the view's badge. */
  open: number;
}

/** Assessments that make a tag an improvement item. */
export const IMPROVEMENT_ASSESSMENTS: readonly Assessment[] = ['area-for-improvement', 'serious-weakness'];

/** A printed item keeps suggested criteria scoring at least this share of the best one... */
export const PRINTED_CRITERIA_RATIO = 0.8;
/** ...and at most this many. */
export const PRINTED_CRITERIA_LIMIT = 3;

export function isOpenStatus(status: AnnotationStatus): boolean {
  return status !== 'resolved';
}

/** Whitespace runs as single spaces, trimmed. */
export function fold(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A tag's text for the tree: the tagged text, folded, without the paragraph's printed number ("12. "). */
function taggedText(r: ResolvedAnnotation): string {
  const text = fold(r.anchor ? r.anchor.quote : r.annotation.selectors.quote.exact);
  const number = r.anchor?.number;
  const lead = number !== null && number !== undefined ? `${number}. ` : null;
  return lead && text.startsWith(lead) && text.length > lead.length ? text.slice(lead.length) : text;
}

/** Criteria for a printed improvement area: the best keyword suggestions for its text. */
export function printedCriteria(text: string, codebook: Codebook, suggestions: readonly Suggestion[] = suggestCriteria(text, codebook)): string[] {
  if (suggestions.length === 0) return [];
  const floor = suggestions[0].score * PRINTED_CRITERIA_RATIO;
  return suggestions
    .filter((s) => s.score >= floor)
    .slice(0, PRINTED_CRITERIA_LIMIT)
    .map((s) => s.id);
}

/** The date items of a report are ordered by: the report's one date (see `core/reportDate`). */
export function reportDate(report: Report | null): string | null {
  return reportDateValue(report);
}

/**
 * The stored status of a printed improvement area: the record for its id and text, else one for
 * its text alone (a reissue that renumbered the items), the latest if several; null when none.
 */
export function findImprovementStatus(records: readonly ImprovementStatusRecord[], area: ImprovementArea): ImprovementStatusRecord | null {
  const latest = (list: ImprovementStatusRecord[]): ImprovementStatusRecord | null =>
    list.reduce<ImprovementStatusRecord | null>((best, r) => (!best || r.modified > best.modified ? r : best), null);
  return (
    latest(records.filter((r) => r.improvement === area.id && r.quote === area.text)) ??
    latest(records.filter((r) => r.quote === area.text)) ??
    // A corrected reissue may reword an item slightly: the same item id with most of the same words keeps its status.
    latest(records.filter((r) => r.improvement === area.id && wordSimilarity(r.quote, area.text) >= REWORDED_SIMILARITY))
  );
}

/**
 * The stored plan of a printed improvement area: the one for its id and text, else for its text
 * alone, else for the text its stored status was given under (a reworded reissue).
 */
export function printedPlan(plans: readonly ImprovementPlanRecord[], area: ImprovementArea, status: ImprovementStatusRecord | null): ImprovementPlanRecord | undefined {
  const printed = plans.filter((p) => p.annotation === undefined);
  return (
    printed.find((p) => p.improvement === area.id && p.quote === area.text) ??
    printed.find((p) => p.quote === area.text) ??
    (status ? printed.find((p) => p.improvement === status.improvement && p.quote === status.quote) : undefined) ??
    printed.find((p) => p.improvement === area.id && p.quote !== undefined && wordSimilarity(p.quote, area.text) >= REWORDED_SIMILARITY)
  );
}

/** How much of their wording two versions of one printed item must share to be the same item. */
export const REWORDED_SIMILARITY = 0.7;

/** Shared distinct words over all distinct words (case and punctuation ignored). */
export function wordSimilarity(a: string, b: string): number {
  const words = (t: string): Set<string> => new Set(t.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 0));
  const wa = words(a);
  const wb = words(b);
  if (wa.size === 0 || wb.size === 0) return 0;
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared++;
  return shared / (wa.size + wb.size - shared);
}

function areaOf(criteria: readonly string[], codebook: Codebook, fallback: string | null): string | null {
  for (const id of criteria) {
    const c = codebook.criteria.find((x) => x.id === id);
    if (c) return c.area;
  }
  return fallback;
}

function sectionArea(report: Report | null, paragraphId: string | null): string | null {
  if (!report || paragraphId === null) return null;
  const p = report.paragraphs.find((x) => x.id === paragraphId);
  if (!p || p.section === null) return null;
  return report.sections.find((s) => s.id === p.section)?.area ?? null;
}

/**
 * The improvement items of one report, in report order, without evidence links (those need the
 * other reports: see `mergeImprovementItems`).
 */
export function reportImprovementItems(input: ReportImprovementInput, codebook: Codebook): ImprovementItem[] {
  const { file, report } = input;
  const common = {
    report: file,
    localAuthority: report?.localAuthority ?? null,
    reportKind: report?.kind ?? null,
    reportDate: reportDate(report),
  };
  const numberOf = (paragraphId: string | null): number | null =>
    paragraphId === null ? null : (report?.paragraphs.find((p) => p.id === paragraphId)?.number ?? null);
  const items: ImprovementItem[] = [];
  for (const ia of report?.improvementAreas ?? []) {
    const record = findImprovementStatus(input.improvementStatuses, ia);
    // Criteria the user chose for the item replace the ones suggested from its words.
    const criteria = record?.criteria ? [...record.criteria] : printedCriteria(ia.text, codebook);
    const item: ImprovementItem = {
      key: `printed:${file}#${ia.id}`,
      source: 'printed',
      area: areaOf(criteria, codebook, sectionArea(report, ia.paragraph)),
      criteria,
      text: fold(ia.text),
      ...common,
      paragraph: ia.paragraph,
      paragraphNumber: numberOf(ia.paragraph),
      range: ia.range,
      status: record?.status ?? 'open',
      evidence: [],
      assessment: null,
      note: record?.note ?? '',
      orphaned: false,
      improvement: { id: ia.id, source: ia.source, quote: ia.text },
      statusSet: record !== null,
      plan: itemPlan(printedPlan(input.improvementPlans ?? [], ia, record)),
    };
    if (ia.timescale) item.timescale = ia.timescale;
    items.push(item);
  }
  for (const r of input.annotations) {
    const a: Annotation = r.annotation;
    if (a.assessment === null || !IMPROVEMENT_ASSESSMENTS.includes(a.assessment)) continue;
    const paragraph = r.anchor ? r.anchor.paragraph : a.paragraph;
    items.push({
      key: `tagged:${file}#${a.id}`,
      source: 'tagged',
      area: areaOf(a.criteria, codebook, sectionArea(report, paragraph)),
      criteria: [...a.criteria],
      text: taggedText(r),
      ...common,
      paragraph,
      paragraphNumber: r.anchor ? r.anchor.number : null,
      range: r.anchor ? r.anchor.range : null,
      status: a.status,
      evidence: [],
      assessment: a.assessment,
      note: a.note,
      orphaned: r.orphaned,
      annotation: a.id,
      statusSet: a.status !== 'open' || a.modified !== a.created,
      plan: itemPlan((input.improvementPlans ?? []).find((p) => p.annotation === a.id)),
    });
  }
  return items;
}

/** Orders ranges by where they start; missing ranges (orphans) last. */
export function compareRangeStarts(a: Range | null, b: Range | null): number {
  if (a && b) return comparePositions(a.start, b.start);
  return a ? -1 : b ? 1 : 0;
}

/** Orders report dates (yyyy-mm-dd) oldest first; undated reports last. */
export function compareReportDates(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** The order items are listed in (see the module comment). */
export function compareItems(a: ImprovementItem, b: ImprovementItem): number {
  return (
    compareReportDates(a.reportDate, b.reportDate) ||
    comparePaths(a.report, b.report) ||
    compareRangeStarts(a.range, b.range) ||
    (a.source === b.source ? 0 : a.source === 'printed' ? -1 : 1) ||
    comparePaths(a.key, b.key)
  );
}

/** Printed and tagged items are linked when they belong to the same authority (or, with no authority named, the same report). */
/** Findings of one local authority belong together; a report naming none stands alone. */
export function authorityKey(localAuthority: string | null, file: string): string {
  const la = localAuthority?.trim().toLowerCase();
  return la ? `la:${la}` : `report:${file}`;
}

/**
 * All reports' items in one sorted list, with each printed item's `evidence` filled in. The input
 * arrays and items are not changed (printed items are copied), so per-report results can be kept
 * and merged again after one report changes.
 */
export function mergeImprovementItems(perReport: Iterable<readonly ImprovementItem[]>): ImprovementItem[] {
  const all: ImprovementItem[] = [];
  for (const list of perReport) all.push(...list);
  all.sort(compareItems);
  // authority -> criterion -> tagged keys, in item order
  const tagged = new Map<string, Map<string, string[]>>();
  for (const item of all) {
    if (item.source !== 'tagged') continue;
    const k = authorityKey(item.localAuthority, item.report);
    let byCriterion = tagged.get(k);
    if (!byCriterion) tagged.set(k, (byCriterion = new Map()));
    for (const c of item.criteria) {
      const list = byCriterion.get(c);
      if (list) list.push(item.key);
      else byCriterion.set(c, [item.key]);
    }
  }
  const position = new Map(all.map((item, i) => [item.key, i]));
  return all.map((item) => {
    if (item.source !== 'printed') return item;
    const byCriterion = tagged.get(authorityKey(item.localAuthority, item.report));
    const keys = new Set<string>();
    for (const c of item.criteria) for (const k of byCriterion?.get(c) ?? []) keys.add(k);
    // In item order, whichever criterion found them.
    const evidence = [...keys].sort((a, b) => (position.get(a) as number) - (position.get(b) as number));
    return { ...item, evidence };
  });
}

/** Whether an item passes every part of the filter. */
export function matchesFilter(item: ImprovementItem, filter: ImprovementFilter = {}): boolean {
  const status = filter.status ?? 'open';
  if (status === 'open' ? !isOpenStatus(item.status) : status !== 'all' && item.status !== status) return false;
  return matchesScope(item, filter);
}

/** The filter without its status part. */
function matchesScope(item: ImprovementItem, filter: ImprovementFilter): boolean {
  if (filter.report !== undefined && item.report !== filter.report) return false;
  if (filter.criterion !== undefined && !item.criteria.includes(filter.criterion)) return false;
  if (filter.assessment !== undefined && item.assessment !== filter.assessment) return false;
  if (filter.stillRaised && !item.followUps?.stillRaised) return false;
  return true;
}

const NO_AREA_LABEL = 'No judgement area';
const NO_CRITERION_LABEL = 'No criterion';

/** Filters merged items (from `mergeImprovementItems`, already sorted) and groups them by area and criterion. */
export function buildImprovementTree(items: readonly ImprovementItem[], codebook: Codebook, filter: ImprovementFilter = {}): ImprovementTree {
  const criteria = new Map(codebook.criteria.map((c, i) => [c.id, { c, i }]));
  const areaOrder = new Map(codebook.areas.map((a, i) => [a.id, i]));
  const areaLabel = (id: string | null): string => (id === null ? NO_AREA_LABEL : (codebook.areas.find((a) => a.id === id)?.label ?? id));

  let open = 0;
  const shown: ImprovementItem[] = [];
  // area key -> criterion key -> items
  const groups = new Map<string | null, Map<string | null, ImprovementItem[]>>();
  const place = (area: string | null, criterion: string | null, item: ImprovementItem): void => {
    let byCriterion = groups.get(area);
    if (!byCriterion) groups.set(area, (byCriterion = new Map()));
    const list = byCriterion.get(criterion);
    if (list) list.push(item);
    else byCriterion.set(criterion, [item]);
  };
  for (const item of items) {
    if (!matchesScope(item, filter)) continue;
    if (isOpenStatus(item.status)) open++;
    if (!matchesFilter(item, filter)) continue;
    shown.push(item);
    if (item.criteria.length === 0) {
      place(item.area, null, item);
      continue;
    }
    for (const id of new Set(item.criteria)) place(criteria.get(id)?.c.area ?? null, id, item);
  }

  const rank = (m: Map<string, number>, id: string | null): [number, number, string] =>
    id === null ? [2, 0, ''] : m.has(id) ? [0, m.get(id) as number, ''] : [1, 0, id];
  const byRank = (a: [number, number, string], b: [number, number, string]): number => a[0] - b[0] || a[1] - b[1] || comparePaths(a[2], b[2]);
  const criterionOrder = new Map([...criteria].map(([id, { i }]) => [id, i]));

  const result: AreaGroup[] = [...groups.entries()]
    .sort(([a], [b]) => byRank(rank(areaOrder, a), rank(areaOrder, b)))
    .map(([area, byCriterion]) => {
      const criterionGroups: CriterionGroup[] = [...byCriterion.entries()]
        .sort(([a], [b]) => byRank(rank(criterionOrder, a), rank(criterionOrder, b)))
        .map(([criterion, list]) => ({
          criterion,
          label: criterion === null ? NO_CRITERION_LABEL : (criteria.get(criterion)?.c.label ?? `${criterion} (not in the codebook)`),
          count: list.length,
          open: list.filter((x) => isOpenStatus(x.status)).length,
          items: list,
        }));
      const distinct = new Set(criterionGroups.flatMap((g) => g.items));
      return {
        area,
        label: areaLabel(area),
        count: distinct.size,
        open: [...distinct].filter((x) => isOpenStatus(x.status)).length,
        criteria: criterionGroups,
      };
    });
  return { groups: result, items: shown, total: shown.length, open };
}
