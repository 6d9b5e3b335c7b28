import * as path from 'node:path';
import { loadCodebook, type Codebook, type CodebookFileSystem } from '../../core/codebook';
import { nodeCodebookFileSystem } from '../../node/codebookFiles';
import { printCodebookErrors } from '../files';
import { parseArgs, single, UsageError, type CliCommand, type CliIo } from '../io';

const USAGE = `Usage: ilacs codebook [--workspace DIR] [--json]

Prints the codebook in force for a workspace folder (default: the current folder): the built-in
ILACS codebook, or the one .ilacs/codebook.json extends or replaces it with.

Options:
  --workspace DIR  the workspace folder whose .ilacs/codebook.json applies
  --json           print {"source", "areas", "criteria"} as JSON

An invalid codebook prints each problem as file:line:column: message and exits with status 1.`;

/** The JSON shape `ilacs codebook --json` prints. */
export function codebookToJson(codebook: Codebook): object {
  return {
    source: codebook.source,
    areas: codebook.areas.map((a) => ({ ...a })),
    criteria: codebook.criteria.map(({ id, label, area, description, keywords }) => ({ id, label, area, description, keywords })),
  };
}

/** A readable listing: each area that has criteria, then its criteria, then the other areas. */
export function formatCodebook(codebook: Codebook): string {
  const lines: string[] = [`Codebook: ${codebook.source}`, `${codebook.areas.length} judgement areas, ${codebook.criteria.length} criteria`];
  const idWidth = Math.max(0, ...codebook.criteria.map((c) => c.id.length));
  const areaIds = new Set(codebook.areas.map((a) => a.id));
  const withCriteria = codebook.areas.filter((a) => codebook.criteria.some((c) => c.area === a.id));
  for (const area of withCriteria) {
    const own = codebook.criteria.filter((c) => c.area === area.id);
    lines.push('', `${area.label} (${area.id}, ${own.length} criteria)`);
    for (const c of own) lines.push(`  ${c.id.padEnd(idWidth)}  ${c.label}${c.description ? ` - ${c.description}` : ''}`);
  }
  const others = codebook.areas.filter((a) => !withCriteria.includes(a));
  if (others.length > 0) {
    const width = Math.max(...others.map((a) => a.id.length));
    lines.push('', 'Other judgement areas (tagged with the criteria of the areas shown):');
    for (const a of others) lines.push(`  ${a.id.padEnd(width)}  ${a.label} -> ${a.criterionAreas.join(', ')}`);
  }
  // Criteria under an area missing from the codebook cannot come out of the loader, but keep them visible.
  const orphans = codebook.criteria.filter((c) => !areaIds.has(c.area));
  for (const c of orphans) lines.push(`  ${c.id} (${c.area}): ${c.label}`);
  return lines.join('\n') + '\n';
}

export function makeCodebookCommand(fs: CodebookFileSystem = nodeCodebookFileSystem): CliCommand {
  return {
    name: 'codebook',
    summary: 'print the codebook (judgement areas and criteria) in force for a folder',
    usage: USAGE,
    async run(args: string[], io: CliIo): Promise<number> {
      const { positionals, flags, options } = parseArgs(args, { boolean: ['json'], string: ['workspace'] });
      if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
      const workspace = path.resolve(io.cwd, single(options, 'workspace') ?? '.');
      const result = await loadCodebook(workspace, fs);
      if (!result.ok) {
        printCodebookErrors(io, result.errors);
        io.err(`ilacs codebook: the codebook has ${result.errors.length} error(s); fix them to use it\n`);
        return 1;
      }
      io.out(flags.has('json') ? JSON.stringify(codebookToJson(result.codebook), null, 2) + '\n' : formatCodebook(result.codebook));
      return 0;
    },
  };
}

export const codebookCommand: CliCommand = makeCodebookCommand();
