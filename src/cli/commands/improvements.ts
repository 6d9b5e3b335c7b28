import { RAGS, type ImprovementPlanInput, type PlanTarget, type Rag } from '../../core/annotations';
import { boardCsv, describeLatest } from '../../core/followups';
import {
  buildImprovementTree,
  STATUS_FILTERS,
  type ImprovementItem,
  type ImprovementTree,
  type StatusFilter,
} from '../../core/workspace';
import { openNodeSession } from '../../node/host';
import { reportLoadProblems, sessionCodebook, workspaceFolder } from '../files';
import { oneOf, parseArgs, single, UsageError, type CliCommand, type CliIo } from '../io';

const USAGE = `Usage: ilacs improvements DIR [--json | --format text|json|csv] [--status open|in-progress|resolved|all]
                          [--still-raised]
       ilacs improvements DIR --set KEY [--owner NAME] [--due YYYY-MM-DD|none] [--rag red|amber|green|none]
                          [--reason TEXT] [--author NAME] [--json]

Prints every improvement area in the workspace folder DIR, grouped by judgement area and then by
criterion, with counts: the areas each report prints ("What needs to improve?", priority actions,
SIF and SLAC areas for improvement; criteria suggested from their wording) and the paragraphs tagged
area-for-improvement or serious-weakness. Printed areas list, as evidence, the tagged paragraphs of
the same local authority that share a criterion.

Each item is followed through the later reports of its local authority: the paragraphs that
evaluate the same matter, with a verdict (improved, progress, not-improved), the latest of them,
and the status that verdict suggests (shown while nobody has set the item's status).

Options:
  --status S      open (default: everything not resolved, so open and in-progress), in-progress,
                  resolved, or all
  --still-raised  only items the authority's latest report still raises
  --json          print the items and the groups as JSON (the same as --format json)
  --format F      text (default), json, or csv: the board sheet, one row per item (authority,
                  report, date, item, judgement area, criteria, status, suggested status, latest
                  follow-up and verdict, owner, due, RAG and its reason)
  --set KEY       set the improvement plan of the item with this key (as --json gives it):
                  --owner, --due (yyyy-mm-dd, or none), --rag (red, amber, green, or none) and
                  --reason; fields not given are kept. The item's status is not changed.
  --author NAME   who set the plan (default: git config user.name, else the system user name)
  --help          show this help

An item with several criteria is listed under each of them; area counts and totals count it once.
Exit status 1 when a report, a store file or the codebook cannot be read (the rest is still listed;
while the workspace codebook has errors, the built-in codebook is used).`;

/**
 * The JSON `ilacs improvements --json` prints:
 *
 *   {
 *     "status": "open",                 the status filter applied
 *     "total": 5,                       items listed
 *     "open": 5,                        items not resolved, whatever the status filter
 *     "items": [{
 *       "key",                          stable key, used by "evidence" and "groups"
 *       "area",                         judgement area id or null
 *       "criteria": [ids],
 *       "text",
 *       "source",                       "printed" or "tagged"
 *       "file",                         report path relative to DIR
 *       "paragraph", "paragraphNumber", paragraph id and printed number (either may be null)
 *       "range",                        {start: {line, character}, end}, 0-based; null for an orphaned tag
 *       "status",                       open, in-progress or resolved
 *       "timescale",                    only when the report gives one
 *       "localAuthority", "reportKind", "reportDate",
 *       "evidence": [keys],             printed items: tagged items of the same authority sharing a criterion
 *       "assessment",                   tagged items: area-for-improvement or serious-weakness; printed: null
 *       "note", "orphaned",
 *       "followUps": [{"file", "paragraph", "verdict", "date"}],   later reports' paragraphs on the same matter, oldest first
 *       "latestFollowUp": {"file", "date", "reportKind", "verdict", "label"} or null,
 *       "stillRaised",                  the authority's latest report still raises it
 *       "suggestedStatus",              the status the latest verdict suggests, while nobody has set one (else null)
 *       "owner", "due", "rag", "ragReason"   the item's improvement plan ("" / null when none)
 *     }],
 *     "groups": [{
 *       "area", "label", "count", "open",
 *       "criteria": [{"criterion", "label", "count", "open", "items": [keys]}]
 *     }]
 *   }
 */
export function improvementsToJson(tree: ImprovementTree, status: StatusFilter): object {
  return {
    status,
    total: tree.total,
    open: tree.open,
    items: tree.items.map(itemToJson),
    groups: tree.groups.map((g) => ({
      area: g.area,
      label: g.label,
      count: g.count,
      open: g.open,
      criteria: g.criteria.map((c) => ({ criterion: c.criterion, label: c.label, count: c.count, open: c.open, items: c.items.map((i) => i.key) })),
    })),
  };
}

function itemToJson(item: ImprovementItem): object {
  return {
    key: item.key,
    area: item.area,
    criteria: item.criteria,
    text: item.text,
    source: item.source,
    file: item.report,
    paragraph: item.paragraph,
    paragraphNumber: item.paragraphNumber,
    range: item.range,
    status: item.status,
    ...(item.timescale ? { timescale: item.timescale } : {}),
    localAuthority: item.localAuthority,
    reportKind: item.reportKind,
    reportDate: item.reportDate,
    evidence: item.evidence,
    assessment: item.assessment,
    note: item.note,
    orphaned: item.orphaned,
    followUps: (item.followUps?.followUps ?? []).map((f) => ({ file: f.file, paragraph: f.paragraph, verdict: f.verdict, date: f.date })),
    latestFollowUp: item.followUps?.latest ? { ...item.followUps.latest, label: describeLatest(item.followUps) } : null,
    stillRaised: item.followUps?.stillRaised ?? false,
    suggestedStatus: suggestedStatus(item),
    owner: item.plan?.owner ?? '',
    due: item.plan?.due ?? null,
    rag: item.plan?.rag ?? null,
    ragReason: item.plan?.reason ?? '',
  };
}

/** The status follow-ups suggest for an item, while nobody has set its status and it differs from the one shown. */
export function suggestedStatus(item: ImprovementItem): string | null {
  const s = item.followUps?.suggestedStatus ?? null;
  return s !== null && !item.statusSet && s !== item.status ? s : null;
}

const DUE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A due date as given: yyyy-mm-dd naming a real day, or none. */
function dueOption(value: string | undefined): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === 'none' || value === '') return null;
  const m = DUE.exec(value);
  const d = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
  if (!m || !d || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) throw new UsageError(`--due "${value}": give a date as yyyy-mm-dd (for example 2027-03-31), or none`);
  return value;
}

function ragOption(value: string | undefined): Rag | null | undefined {
  if (value === undefined) return undefined;
  if (value === 'none' || value === '') return null;
  return oneOf<Rag>('rag', value, RAGS);
}

const STATUS_WORDS: Record<StatusFilter, string> = {
  open: 'items not yet resolved',
  'in-progress': 'items in progress',
  resolved: 'resolved items',
  all: 'all items',
};

function counts(count: number, open: number): string {
  return open === count ? `${count}` : `${count}, ${open} open`;
}

/** The tree as indented text: area, criterion, item, with counts on every group. */
export function formatImprovementTree(tree: ImprovementTree, status: StatusFilter): string {
  const lines = [`Improvement areas: ${tree.open} open; showing ${STATUS_WORDS[status]} (${tree.total})`];
  for (const area of tree.groups) {
    lines.push('', `${area.label} (${counts(area.count, area.open)})`);
    for (const group of area.criteria) {
      lines.push(`  ${group.label}${group.criterion ? ` [${group.criterion}]` : ''} (${counts(group.count, group.open)})`);
      for (const item of group.items) {
        const report = [item.localAuthority ?? 'Unknown authority', item.reportKind ?? 'missing report', item.reportDate ?? 'undated'].join(', ');
        const where = item.range
          ? `${item.paragraphNumber !== null ? `paragraph ${item.paragraphNumber}` : (item.paragraph ?? '')}, line ${item.range.start.line + 1}`
          : 'orphaned tag';
        const extra = [item.source === 'printed' ? 'printed' : `tagged ${item.assessment}`, item.timescale, item.evidence.length ? `${item.evidence.length} evidence` : undefined]
          .filter(Boolean)
          .join('; ');
        lines.push(`    [${item.status}] ${item.text}`, `      ${report}: ${item.report}, ${where} (${extra})`);
        const latest = item.followUps ? describeLatest(item.followUps) : null;
        const suggested = suggestedStatus(item);
        if (latest) lines.push(`      latest follow-up: ${latest}${suggested ? ` (suggests ${suggested})` : ''}`);
        const plan = item.plan;
        if (plan && (plan.owner || plan.due || plan.rag)) lines.push(`      plan: owner ${plan.owner || '-'}, due ${plan.due ?? '-'}, RAG ${plan.rag ?? '-'}${plan.reason ? ` (${plan.reason})` : ''}`);
      }
    }
  }
  return lines.join('\n') + '\n';
}

export const improvementsCommand: CliCommand = {
  name: 'improvements',
  summary: 'list the improvement areas of a workspace folder, grouped by judgement area and criterion',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const { positionals, flags, options } = parseArgs(args, { boolean: ['json', 'still-raised'], string: ['status', 'format', 'set', 'owner', 'due', 'rag', 'reason', 'author'] });
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'give the workspace folder' : `unexpected argument "${positionals[1]}"`);
    const status: StatusFilter = oneOf('status', single(options, 'status'), STATUS_FILTERS) ?? 'open';
    const formatOption = oneOf('format', single(options, 'format'), ['text', 'json', 'csv'] as const);
    if (formatOption !== undefined && flags.has('json') && formatOption !== 'json') throw new UsageError(`--json and --format ${formatOption} disagree`);
    const format = flags.has('json') ? 'json' : (formatOption ?? 'text');
    const setKey = single(options, 'set');
    const planInput = { owner: single(options, 'owner'), due: dueOption(single(options, 'due')), rag: ragOption(single(options, 'rag')), reason: single(options, 'reason') };
    const planGiven = Object.values(planInput).some((v) => v !== undefined);
    if (setKey === undefined && planGiven) throw new UsageError('--owner, --due, --rag and --reason need --set KEY (the item to plan)');
    if (setKey !== undefined && !planGiven) throw new UsageError('--set needs at least one of --owner, --due, --rag and --reason');
    if (setKey !== undefined && format === 'csv') throw new UsageError('--set prints the item it changed, as text or JSON, not CSV');
    const authorOption = single(options, 'author');
    if (authorOption !== undefined && authorOption.trim() === '') throw new UsageError('--author must not be empty');
    const root = await workspaceFolder(io.cwd, positionals[0]);

    const session = openNodeSession(root, { log: (m) => io.err(`ilacs improvements: ${m}\n`) });
    const { codebook, failed: codebookFailed } = await sessionCodebook(io, 'improvements', session, root);
    let failed = codebookFailed;
    for (const loaded of await session.reports()) {
      const problem = reportLoadProblems(io, 'improvements', root, loaded, {
        store: (report) => `the tags and statuses of ${report} cannot be read until this file is fixed`,
        missing: (l) => (l.annotations.length > 0 ? 'the report file is missing; its tags are listed as orphans' : null),
      });
      failed ||= problem;
    }
    let items = await session.improvementItems();

    if (setKey !== undefined) {
      const item = items.find((i) => i.key === setKey);
      if (!item) {
        io.err(`ilacs improvements: no improvement item has the key "${setKey}" (ilacs improvements DIR --json --status all lists them)\n`);
        return 1;
      }
      if (item.orphaned) {
        io.err(`ilacs improvements: ${setKey}: the tag is orphaned (its text is no longer in ${item.report}); re-attach it before planning it\n`);
        return 1;
      }
      const target: PlanTarget = item.annotation !== undefined ? { annotation: item.annotation } : { improvement: (item.improvement as { id: string }).id, quote: (item.improvement as { quote: string }).quote };
      const input: ImprovementPlanInput = { ...planInput, author: authorOption?.trim() ?? (await session.host.author()) };
      const record = await session.store.setImprovementPlan(item.report, target, input);
      items = items.map((i) => (i.key === setKey ? { ...i, plan: { owner: record.owner, due: record.due, rag: record.rag, reason: record.reason, author: record.author, modified: record.modified } } : i));
      const changed = items.find((i) => i.key === setKey) as ImprovementItem;
      io.out(format === 'json' ? JSON.stringify(itemToJson(changed), null, 2) + '\n' : `${changed.key}: owner ${record.owner || '-'}, due ${record.due ?? '-'}, RAG ${record.rag ?? '-'}${record.reason ? ` (${record.reason})` : ''}\n`);
      return failed ? 1 : 0;
    }

    const tree = buildImprovementTree(items, codebook, { status, ...(flags.has('still-raised') ? { stillRaised: true } : {}) });
    if (format === 'csv') io.out(boardCsv(tree.items, codebook));
    else io.out(format === 'json' ? JSON.stringify(improvementsToJson(tree, status), null, 2) + '\n' : formatImprovementTree(tree, status));
    return failed ? 1 : 0;
  },
};
