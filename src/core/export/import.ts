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
 * Writes go through the annotation store (re-read before each write, atomic, refused for a broken
 * file); the store's id and clock options are used to give added records their exported ids and
 * times. A tag removed here after the export was made comes back: the export cannot tell a tag
 * removed here from one never seen here.
 */
import { AnnotationStore, planTargetKey, storeFileErrorText, type Annotation, type ImprovementStatusRecord, type PlanTarget, type StoreFileSystem } from '../annotations';
import { excerpt } from './build';
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

/** Merges `doc` into the store of the workspace `fs` is rooted at (see the module comment). */
export async function importExport(doc: ExportDocument, fs: StoreFileSystem): Promise<ImportResult> {
  let nextId = '';
  let clock = new Date(0);
  const store = new AnnotationStore(fs, { newId: () => nextId, now: () => clock });
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
    const loaded = await store.load(report);
    if (!loaded.ok) {
      result.problems.push(`${storeFileErrorText(loaded.file, loaded.diagnostics)}\n  so the ${group.tags.length + group.statuses.length} finding(s) of ${report} were not imported`);
      continue;
    }
    const tags = new Map(loaded.data.annotations.map((a) => [a.id, a]));
    const statuses = [...loaded.data.improvements];
    let wrote = false;

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
      try {
        nextId = f.id;
        clock = new Date(f.created);
        let added = await store.add(report, {
          paragraph: f.stored.paragraph,
          selectors: f.stored.selectors,
          criteria: f.criteria.map((c) => c.id),
          assessment: f.assessment,
          status: f.status,
          note: f.note,
          author: f.author,
        });
        if (Date.parse(f.modified) !== Date.parse(f.created)) {
          clock = new Date(f.modified);
          added = await store.update(report, f.id, {});
        }
        tags.set(f.id, added);
        result.addedTags++;
        wrote = true;
      } catch (err) {
        result.problems.push(`${report}: tag ${f.id} was not imported: ${err instanceof Error ? err.message : String(err)}`);
      }
    }

    for (const f of group.statuses) {
      const stored = f.stored;
      if (!stored) continue;
      const local = statuses.find((r) => r.improvement === stored.improvement && r.quote === stored.quote);
      const id = `${stored.improvement} "${excerpt(stored.quote, 40)}"`;
      if (local) {
        const fields = statusDifferences(local, f);
        if (fields.length === 0) result.unchanged++;
        else result.conflicts.push({ report, kind: 'improvement-status', id, fields, localModified: local.modified, incomingModified: f.modified });
        continue;
      }
      try {
        clock = new Date(f.modified ?? doc.exported);
        const record = await store.setImprovementStatus(report, {
          improvement: stored.improvement,
          quote: stored.quote,
          status: f.status,
          ...(stored.criteria ? { criteria: stored.criteria } : {}),
          note: f.note,
          author: f.author ?? '',
        });
        statuses.push(record);
        result.addedStatuses++;
        wrote = true;
      } catch (err) {
        result.problems.push(`${report}: the status of improvement area ${id} was not imported: ${err instanceof Error ? err.message : String(err)}`);
      }
    }

    const plans = [...(loaded.data.plans ?? [])];
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
      try {
        clock = new Date(plan.modified);
        plans.push(await store.setImprovementPlan(report, target, { owner: plan.owner, due: plan.due, rag: plan.rag, reason: plan.reason, author: plan.author }));
        result.addedPlans++;
        wrote = true;
      } catch (err) {
        result.problems.push(`${report}: the plan of ${id} was not imported: ${err instanceof Error ? err.message : String(err)}`);
      }
    }

    if (wrote && (await fs.readFile(report)) === undefined) result.missingReports.push(report);
  }
  return result;
}
