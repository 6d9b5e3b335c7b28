import * as path from 'node:path';
import { loadCodebook } from '../../core/codebook';
import { nodeCodebookFileSystem } from '../../node/codebookFiles';
import {
  buildImprovementTree,
  loadWorkspace,
  mergeImprovementItems,
  reportImprovementItems,
  STATUS_FILTERS,
  type ImprovementItem,
  type ImprovementTree,
  type StatusFilter,
} from '../../core/workspace';
import { openNodeWorkspace } from '../../core/workspace/nodeWorkspace';
import { displayPath, printCodebookErrors, printStoreProblems, workspaceFolder } from '../files';
import { oneOf, parseArgs, single, UsageError, type CliCommand, type CliIo } from '../io';

const USAGE = `Usage: ilacs improvements DIR [--json] [--status open|in-progress|resolved|all]

Prints every improvement area in the workspace folder DIR, grouped by judgement area and then by
criterion, with counts: the areas each report prints ("What needs to improve?", priority actions,
SIF and SLAC areas for improvement; criteria suggested from their wording) and the paragraphs tagged
area-for-improvement or serious-weakness. Printed areas list, as evidence, the tagged paragraphs of
the same local authority that share a criterion.

Options:
  --status S   open (default: everything not resolved, so open and in-progress), in-progress,
               resolved, or all
  --json       print the items and the groups as JSON
  --help       show this help

An item with several criteria is listed under each of them; area counts and totals count it once.
Exit status 1 when a report, a store file or the codebook cannot be read (the rest is still listed).`;

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
 *       "note", "orphaned"
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
  };
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
    const { positionals, flags, options } = parseArgs(args, { boolean: ['json'], string: ['status'] });
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'give the workspace folder' : `unexpected argument "${positionals[1]}"`);
    const status: StatusFilter = oneOf('status', single(options, 'status'), STATUS_FILTERS) ?? 'open';
    const root = await workspaceFolder(io.cwd, positionals[0]);

    const codebook = await loadCodebook(root, nodeCodebookFileSystem);
    if (!codebook.ok) {
      printCodebookErrors(io, codebook.errors);
      io.err('ilacs improvements: the workspace codebook has errors; fix them to list improvement areas\n');
      return 1;
    }
    const ws = openNodeWorkspace(root);
    let failed = false;
    const perReport: ImprovementItem[][] = [];
    for (const loaded of await loadWorkspace(ws.fs, ws.store)) {
      if (!loaded.store.ok) {
        failed = true;
        const shown = displayPath(io.cwd, path.join(ws.root, ...loaded.store.file.split('/')));
        printStoreProblems(io, shown, loaded.store.diagnostics);
        io.err(`ilacs improvements: ${shown}: the tags and statuses of ${loaded.file} cannot be read until this file is fixed\n`);
      }
      if (loaded.problem !== null && !loaded.missing) {
        failed = true;
        io.err(`ilacs improvements: ${loaded.file}: ${loaded.problem}\n`);
      } else if (loaded.missing && loaded.annotations.length > 0) {
        io.err(`ilacs improvements: ${loaded.file}: the report file is missing; its tags are listed as orphans\n`);
      }
      perReport.push(reportImprovementItems(loaded, codebook.codebook));
    }
    const tree = buildImprovementTree(mergeImprovementItems(perReport), codebook.codebook, { status });
    io.out(flags.has('json') ? JSON.stringify(improvementsToJson(tree, status), null, 2) + '\n' : formatImprovementTree(tree, status));
    return failed ? 1 : 0;
  },
};
