import * as path from 'node:path';
import { loadWorkspace, type ResolvedAnnotation } from '../../core/workspace';
import { openNodeWorkspace } from '../../core/workspace/nodeWorkspace';
import { displayPath, printStoreProblems, workspaceFolder } from '../files';
import { parseArgs, UsageError, type CliCommand, type CliIo } from '../io';

const USAGE = `Usage: ilacs annotations DIR [--json]

Lists every annotation (tag) in the workspace folder DIR with where it is now: each tag is found
again in its report's current text (by position, then by quote and context, allowing re-wrapped
lines and small edits). A tag whose text is gone is an orphan: listed, never dropped.

Options:
  --json   print {"annotations": [...]} (see below)
  --help   show this help

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
    const { positionals, flags } = parseArgs(args, { boolean: ['json'] });
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'give the workspace folder' : `unexpected argument "${positionals[1]}"`);
    const ws = openNodeWorkspace(await workspaceFolder(io.cwd, positionals[0]));
    let failed = false;
    const all: ResolvedAnnotation[] = [];
    const text: string[] = [];
    for (const loaded of await loadWorkspace(ws.fs, ws.store)) {
      if (!loaded.store.ok) {
        failed = true;
        const shown = displayPath(io.cwd, path.join(ws.root, ...loaded.store.file.split('/')));
        printStoreProblems(io, shown, loaded.store.diagnostics);
        io.err(`ilacs annotations: ${shown}: the tags of ${loaded.file} cannot be read until this file is fixed\n`);
        continue;
      }
      if (loaded.problem !== null && !loaded.missing) {
        // A report that cannot be read (a folder, a FIFO, too large) is named, and the others are listed.
        failed = true;
        io.err(`ilacs annotations: ${loaded.file}: ${loaded.problem}${loaded.annotations.length ? `; its ${loaded.annotations.length} tag(s) are listed as orphans` : ''}\n`);
      }
      if (loaded.annotations.length === 0) continue;
      if (loaded.problem !== null && loaded.missing) {
        io.err(`ilacs annotations: ${loaded.file}: ${loaded.problem}; its ${loaded.annotations.length} tag(s) are listed as orphans\n`);
      }
      all.push(...loaded.annotations);
      const orphans = loaded.annotations.filter((r) => r.orphaned).length;
      text.push(`${loaded.file} (${loaded.annotations.length} tag(s)${orphans ? `, ${orphans} orphaned` : ''})`);
      for (const r of loaded.annotations) text.push(...describe(r));
      text.push('');
    }
    if (flags.has('json')) io.out(JSON.stringify({ annotations: all.map(annotationToJson) }, null, 2) + '\n');
    else io.out(all.length ? text.join('\n') : 'No annotations in this workspace.\n');
    return failed ? 1 : 0;
  },
};
