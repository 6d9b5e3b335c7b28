import * as path from 'node:path';
import { matchesTagFilter, parseAssessment, parseStatus, TagFilterError, type TagFilter } from '../../core/annotations';
import { findCriterion } from '../../core/codebook';
import type { ResolvedAnnotation } from '../../core/workspace';
import { openNodeSession } from '../../node/host';
import { reportLoadProblems, sessionCodebook, workspaceFolder } from '../files';
import { parseArgs, UsageError, type CliCommand, type CliIo } from '../io';

const USAGE = `Usage: ilacs annotations DIR [--criterion ID]... [--assessment A]... [--status S]...
                         [--author NAME]... [--report FILE]... [--text WORDS] [--json]

Lists every annotation (tag) in the workspace folder DIR with where it is now: each tag is found
again in its report's current text (by position, then by quote and context, allowing re-wrapped
lines and small edits). A tag whose text is gone is an orphan: listed, never dropped.

Options:
  --criterion ID   only tags with this criterion (repeat for any of several)
  --assessment A   strength, area-for-improvement, serious-weakness or none (repeatable)
  --status S       open, in-progress or resolved (repeatable; "in progress" is read too)
  --author NAME    only tags by this author (repeatable; case is ignored)
  --report FILE    only tags of this report, or of the reports in this folder (repeatable)
  --text WORDS     only tags whose note, quoted text or criteria hold every one of these words
  --json           print {"annotations": [...]} (see below)
  --help           show this help

JSON: {"annotations": [{"id", "file", "criteria": [ids], "assessment", "status", "note", "author",
"created", "modified", "orphaned": false, "anchor": {"paragraph", "number", "range", "quote"}}]},
with "orphaned": true and "anchor": null for an orphan. "range" counts 0-based lines and characters.

A report file that is missing is named on stderr and its tags are listed as orphans. A store file
that cannot be read is reported as file:line:column: problem, the other reports are still listed,
and the exit status is 1.`;

/** The JSON shape of one annotation with its current anchor, as `ilacs annotations --json` prints it. */
export function annotationToJson(r: ResolvedAnnotation): object {
  const a = r.annotation;
  return {
    id: a.id,
    file: a.report,
    criteria: [...a.criteria],
    assessment: a.assessment,
    status: a.status,
    note: a.note,
    author: a.author,
    created: a.created,
    modified: a.modified,
    orphaned: r.orphaned,
    anchor: r.anchor
      ? { paragraph: r.anchor.paragraph, number: r.anchor.number, range: r.anchor.range, quote: r.anchor.quote }
      : null,
  };
}

function shorten(text: string, max = 100): string {
  const folded = text.replace(/\s+/g, ' ').trim();
  return folded.length <= max ? folded : `${folded.slice(0, max - 3)}...`;
}

function describe(r: ResolvedAnnotation): string[] {
  const a = r.annotation;
  const facts = [a.criteria.join(', ') || 'no criteria', a.assessment ?? 'no assessment', a.status].join('; ');
  const where = r.anchor
    ? `${r.anchor.number !== null ? `paragraph ${r.anchor.number}` : (r.anchor.paragraph ?? 'no paragraph')}, line ${r.anchor.range.start.line + 1}`
    : `ORPHAN, last seen in ${a.paragraph}`;
  const lines = [`  ${where}: ${facts}  [${a.id}]`, `    "${shorten(r.anchor ? r.anchor.quote : a.selectors.quote.exact)}"`];
  if (a.note) lines.push(`    note: ${shorten(a.note, 200)}`);
  lines.push(`    by ${a.author}, ${a.modified}`);
  return lines;
}

export const annotationsCommand: CliCommand = {
  name: 'annotations',
  summary: 'list every tag in a workspace folder with where it is now (orphans included)',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const { positionals, flags, options } = parseArgs(args, { boolean: ['json'], string: ['criterion', 'assessment', 'status', 'author', 'report', 'text'] });
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'give the workspace folder' : `unexpected argument "${positionals[1]}"`);
    const root = await workspaceFolder(io.cwd, positionals[0]);
    const session = openNodeSession(root, { log: (m) => io.err(`ilacs annotations: ${m}\n`) });
    let filter: TagFilter;
    try {
      filter = {
        criteria: options.get('criterion'),
        assessments: options.get('assessment')?.map(parseAssessment),
        statuses: options.get('status')?.map(parseStatus),
        authors: options.get('author'),
        reports: options.get('report')?.map((r) => path.relative(root, path.resolve(io.cwd, r)).split(path.sep).join('/')),
        text: options.get('text')?.join(' '),
      };
    } catch (err) {
      if (err instanceof TagFilterError) throw new UsageError(err.message);
      throw err;
    }
    let failed = false;
    // The codebook is read only to match --text against the criteria's labels.
    let labelOf = (id: string): string => id;
    if (filter.text !== undefined) {
      const { codebook, failed: codebookFailed } = await sessionCodebook(io, 'annotations', session, root);
      failed = codebookFailed;
      labelOf = (id) => findCriterion(codebook, id)?.label ?? id;
    }
    const filtering = Object.values(filter).some((v) => v !== undefined);
    const all: ResolvedAnnotation[] = [];
    const text: string[] = [];
    for (const loaded of await session.reports()) {
      const problem = reportLoadProblems(io, 'annotations', root, loaded, {
        store: (report) => `the tags of ${report} cannot be read until this file is fixed`,
        unreadable: (l) => (l.annotations.length ? `; its ${l.annotations.length} tag(s) are listed as orphans` : ''),
      });
      failed ||= problem;
      if (!loaded.store.ok) continue;
      const kept = loaded.annotations.filter((r) => matchesTagFilter(r.annotation, filter, labelOf));
      if (kept.length === 0) continue;
      if (loaded.problem !== null && loaded.missing) {
        io.err(`ilacs annotations: ${loaded.file}: ${loaded.problem}; its ${loaded.annotations.length} tag(s) are listed as orphans\n`);
      }
      all.push(...kept);
      const orphans = kept.filter((r) => r.orphaned).length;
      text.push(`${loaded.file} (${kept.length} tag(s)${orphans ? `, ${orphans} orphaned` : ''})`);
      for (const r of kept) text.push(...describe(r));
      text.push('');
    }
    if (flags.has('json')) io.out(JSON.stringify({ annotations: all.map(annotationToJson) }, null, 2) + '\n');
    else io.out(all.length ? text.join('\n') : filtering ? 'No annotations in this workspace match.\n' : 'No annotations in this workspace.\n');
    return failed ? 1 : 0;
  },
};
