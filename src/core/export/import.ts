/**
 * Importing an export (from a colleague, or from another copy of the workspace) into the
 * annotation store: a merge that never overwrites.
 *
 * - A tag is matched by its id. Not in the store: it is added with its id, author, times, criteria,
 *   assessment, status, note and stored anchor exactly as exported. In the store with the same
 *   criteria, assessment, status and note: unchanged (its anchor here is kept: it was found in this
 *   copy of the report). In the store with any of those different: a conflict, reported and left as
 *   it is here.
 * - A printed improvement area's stored status is matched by the item's id and text, and merged
 *   the same way (status, note and chosen criteria compared).
 * - An improvement item's plan is matched by its item (a tag's id, a printed item's id and text)
 *   and merged the same way (owner, due date, RAG and reason compared).
 * - Findings without anything stored (printed areas nobody gave a status or plan) carry nothing to import.
 * - A store file that cannot be read is not written; its findings are reported as not imported.
 *
 * Each report's store file is changed in one write through the annotation store (under the file's
 * lock, on the version on disk at that moment, atomic, refused for a broken file); added records
 * keep their exported ids and times. An export that `checkImportFindings` refuses (a note over the
 * limit, a report path outside the workspace) imports nothing. A tag removed here after the export was made comes back: the export cannot tell a tag
 * removed here from one never seen here.
 */
import {
  AnnotationStore,
  AnnotationStoreError,
  FileLockError,
  StoreFileError,
  storeFileErrorText,
  validateReportAnnotations,
  type Annotation,
  planTargetKey,
  type ImprovementPlanRecord,
  type ImprovementStatusRecord,
  type PlanTarget,
  type LockOptions,
  type ReportAnnotations,
  type StoreFileSystem,
} from '../annotations';
import { excerpt } from './build';
import { checkImportFindings } from './importLimits';
import type { ExportDocument, PrintedFinding, TaggedFinding } from './types';

export interface ImportConflict {
  report: string;
  kind: 'tag' | 'improvement-status' | 'improvement-plan';
  /** The tag's id, or the improvement id and the start of its text. */
  id: string;
  /** Fields whose values differ (criteria, assessment, status, note). */
  fields: string[];
  /** When the version kept here and the incoming one were last changed. */
  localModified: string;
  incomingModified: string | null;
}

export interface ImportResult {
  addedTags: number;
  addedStatuses: number;
  /** Improvement plans added. */
  addedPlans: number;
  /** Records already in the store with the same content. */
  unchanged: number;
  conflicts: ImportConflict[];
  /** Store files that cannot be read, and changes the store refused: each names the file. */
  problems: string[];
  /** Reports that received tags or statuses but whose file is not in the workspace (their tags show as orphans until it is). */
  missingReports: string[];
}

/** The import's outcome in one sentence, as the CLI and the editor report it. */
export function importSummary(result: ImportResult): string {
  const plans = result.addedPlans > 0 ? `, and ${result.addedPlans} improvement plan(s)` : '';
  return `Imported ${result.addedTags} tag(s) and ${result.addedStatuses} improvement-area status(es)${plans}; ${result.unchanged} already here and unchanged; ${result.conflicts.length} conflict(s).`;
}

/** What a conflict is about: its report, the tag or improvement area, and the fields that differ. */
export function describeConflict(c: ImportConflict): string {
  return `${c.report}: ${c.kind === 'tag' ? `tag ${c.id}` : c.kind === 'improvement-plan' ? `the plan of ${c.id}` : `improvement area ${c.id}`} differs in ${c.fields.join(', ')}`;
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function tagDifferences(local: Annotation, incoming: TaggedFinding): string[] {
  const fields: string[] = [];
  if (!sameList(local.criteria, incoming.criteria.map((c) => c.id))) fields.push('criteria');
  if (local.assessment !== incoming.assessment) fields.push('assessment');
  if (local.status !== incoming.status) fields.push('status');
  if (local.note !== incoming.note) fields.push('note');
  return fields;
}

function statusDifferences(local: ImprovementStatusRecord, incoming: PrintedFinding): string[] {
  const fields: string[] = [];
  if (!sameList(local.criteria, incoming.stored?.criteria)) fields.push('criteria');
  if (local.status !== incoming.status) fields.push('status');
  if (local.note !== incoming.note) fields.push('note');
  return fields;
}

/** An export refused as a whole before anything was imported (see `importLimits.ts`). */
export class ImportRefusedError extends Error {
  constructor(readonly problems: string[]) {
    super(`nothing was imported: ${problems.join('; ')}`);
    this.name = 'ImportRefusedError';
  }
}

/**
 * Merges `doc` into the store of the workspace `fs` is rooted at (see the module comment). Each
 * report's store file is read, merged and written once, under its lock, so the time is linear in
 * the findings and a tag saved by someone else during the import is kept. Throws
 * `ImportRefusedError` (having written nothing) for findings `checkImportFindings` refuses.
 */
export async function importExport(doc: ExportDocument, fs: StoreFileSystem, options: { lock?: LockOptions } = {}): Promise<ImportResult> {
  const refused = checkImportFindings(doc);
  if (refused.length > 0) throw new ImportRefusedError(refused);
  const store = new AnnotationStore(fs, options.lock ? { lock: options.lock } : {});
  const result: ImportResult = { addedTags: 0, addedStatuses: 0, addedPlans: 0, unchanged: 0, conflicts: [], problems: [], missingReports: [] };

  const byReport = new Map<string, { tags: TaggedFinding[]; statuses: PrintedFinding[] }>();
  for (const f of doc.findings) {
    if (f.type === 'printed' && f.stored === null && !f.plan) continue;
    let group = byReport.get(f.report.file);
    if (!group) byReport.set(f.report.file, (group = { tags: [], statuses: [] }));
    if (f.type === 'tagged') group.tags.push(f);
    else group.statuses.push(f);
  }

  for (const [report, group] of byReport) {
    let merged: ImportResult;
    try {
      merged = await store.batch(report, (data, rep) => mergeReport(data, rep, group, doc.exported));
    } catch (err) {
      const count = group.tags.length + group.statuses.length;
      if (err instanceof StoreFileError) result.problems.push(`${storeFileErrorText(err.file, err.diagnostics)}\n  so the ${count} finding(s) of ${report} were not imported`);
      else if (err instanceof AnnotationStoreError || err instanceof FileLockError) result.problems.push(`${err.message}\n  so the ${count} finding(s) of ${report} were not imported`);
      else throw err;
      continue;
    }
    result.addedTags += merged.addedTags;
    result.addedStatuses += merged.addedStatuses;
    result.addedPlans += merged.addedPlans;
    result.unchanged += merged.unchanged;
    result.conflicts.push(...merged.conflicts);
    result.problems.push(...merged.problems);
    if (merged.addedTags + merged.addedStatuses + merged.addedPlans > 0 && (await fs.stat(report)) === undefined) result.missingReports.push(report);
  }
  return result;
}

/** Merges one report's findings into its store data (in place), as the version on disk holds it now. */
function mergeReport(data: ReportAnnotations, report: string, group: { tags: TaggedFinding[]; statuses: PrintedFinding[] }, exported: string): ImportResult {
  const result: ImportResult = { addedTags: 0, addedStatuses: 0, addedPlans: 0, unchanged: 0, conflicts: [], problems: [], missingReports: [] };
  const tags = new Map(data.annotations.map((a) => [a.id, a]));
  const statuses = new Map(data.improvements.map((r) => [`${r.improvement}\u0000${r.quote}`, r]));

  for (const f of group.tags) {
    const local = tags.get(f.id);
    if (local) {
      const fields = tagDifferences(local, f);
      if (fields.length === 0) result.unchanged++;
      else result.conflicts.push({ report, kind: 'tag', id: f.id, fields, localModified: local.modified, incomingModified: f.modified });
      continue;
    }
    const { start, end } = f.stored.selectors.position;
    if (end < start) {
      // The store would write it but then refuse to read the file: keep it out.
      result.problems.push(`${report}: tag ${f.id} was not imported: its stored position ends (${end}) before it starts (${start})`);
      continue;
    }
    let annotation: Annotation;
    try {
      const created = new Date(f.created).toISOString();
      annotation = {
        id: f.id,
        report,
        paragraph: f.stored.paragraph,
        selectors: { quote: { ...f.stored.selectors.quote }, position: { start, end } },
        criteria: f.criteria.map((c) => c.id),
        assessment: f.assessment,
        status: f.status,
        note: f.note,
        author: f.author,
        created,
        modified: Date.parse(f.modified) !== Date.parse(f.created) ? new Date(f.modified).toISOString() : created,
      };
    } catch (err) {
      result.problems.push(`${report}: tag ${f.id} was not imported: ${err instanceof Error ? err.message : String(err)}`);
      continue;
    }
    const problems = validateReportAnnotations({ schemaVersion: data.schemaVersion, report, annotations: [annotation], improvements: [] });
    if (problems.length > 0) {
      result.problems.push(`${report}: tag ${f.id} was not imported: ${problems.join('; ')}`);
      continue;
    }
    data.annotations.push(annotation);
    tags.set(f.id, annotation);
    result.addedTags++;
  }

  for (const f of group.statuses) {
    const stored = f.stored;
    if (!stored) continue;
    const key = `${stored.improvement}\u0000${stored.quote}`;
    const local = statuses.get(key);
    const id = `${stored.improvement} "${excerpt(stored.quote, 40)}"`;
    if (local) {
      const fields = statusDifferences(local, f);
      if (fields.length === 0) result.unchanged++;
      else result.conflicts.push({ report, kind: 'improvement-status', id, fields, localModified: local.modified, incomingModified: f.modified });
      continue;
    }
    let record: ImprovementStatusRecord;
    try {
      record = {
        report,
        improvement: stored.improvement,
        quote: stored.quote,
        status: f.status,
        ...(stored.criteria ? { criteria: [...stored.criteria] } : {}),
        note: f.note,
        author: f.author ?? '',
        modified: new Date(f.modified ?? exported).toISOString(),
      };
    } catch (err) {
      result.problems.push(`${report}: the status of improvement area ${id} was not imported: ${err instanceof Error ? err.message : String(err)}`);
      continue;
    }
    const problems = validateReportAnnotations({ schemaVersion: data.schemaVersion, report, annotations: [], improvements: [record] });
    if (problems.length > 0) {
      result.problems.push(`${report}: the status of improvement area ${id} was not imported: ${problems.join('; ')}`);
      continue;
    }
    data.improvements.push(record);
    statuses.set(key, record);
    result.addedStatuses++;
  }

  // Plans (owner, due date, RAG), matched by their item: a tag's id, or a printed item's id and text.
  const plans = (data.plans ??= []);
  for (const f of [...group.tags, ...group.statuses]) {
    const plan = f.plan;
    if (!plan) continue;
    if (f.type === 'printed' && (plan.improvement === undefined || plan.quote === undefined)) continue;
    const target: PlanTarget = f.type === 'tagged' ? { annotation: f.id } : { improvement: plan.improvement ?? '', quote: plan.quote ?? '' };
    const id = f.type === 'tagged' ? `tag ${f.id}` : `improvement area ${plan.improvement} "${excerpt(plan.quote ?? '', 40)}"`;
    const local = plans.find((r) => planTargetKey(r) === planTargetKey(target));
    if (local) {
      const fields = (['owner', 'due', 'rag', 'reason'] as const).filter((k) => local[k] !== plan[k]);
      if (fields.length === 0) result.unchanged++;
      else result.conflicts.push({ report, kind: 'improvement-plan', id, fields: [...fields], localModified: local.modified, incomingModified: plan.modified });
      continue;
    }
    let record: ImprovementPlanRecord;
    try {
      record = {
        report,
        ...('annotation' in target ? { annotation: target.annotation } : { improvement: target.improvement, quote: target.quote }),
        owner: plan.owner ?? '',
        due: plan.due ?? null,
        rag: plan.rag ?? null,
        reason: plan.reason ?? '',
        author: plan.author ?? '',
        modified: new Date(plan.modified ?? exported).toISOString(),
      };
    } catch (err) {
      result.problems.push(`${report}: the plan of ${id} was not imported: ${err instanceof Error ? err.message : String(err)}`);
      continue;
    }
    const problems = validateReportAnnotations({ schemaVersion: data.schemaVersion, report, annotations: [], improvements: [], plans: [record] });
    if (problems.length > 0) {
      result.problems.push(`${report}: the plan of ${id} was not imported: ${problems.join('; ')}`);
      continue;
    }
    plans.push(record);
    result.addedPlans++;
  }
  return result;
}
