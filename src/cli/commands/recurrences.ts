import * as path from 'node:path';
import { DEFAULT_THRESHOLD, SPARSE_THRESHOLD, type ParagraphIndex, type ParagraphMatch, type SemanticModel } from '../../core/recurrence';
import type { Report } from '../../core/model';
import { openNodeSession } from '../../node/host';
import { workspaceRelative } from '../../node/workspace';
import { loadRecurrenceModel } from '../../node/recurrenceModel';
import { reportLoadProblems, workspaceFolder } from '../files';
import { parseArgs, single, UsageError, type CliCommand, type CliIo } from '../io';

const USAGE = `Usage: ilacs recurrences DIR [--json] [--top K] [--threshold X] [--same-authority]
                         [--file FILE [--paragraph N]]

Finds recurring findings: for each paragraph of each report in the workspace folder DIR, the
paragraphs of other reports that make the same finding, best first, with a score from 0 to 1.
Paragraphs are compared by their wording (word forms, stock phrases and praise or concern taken
into account) and re-ranked in a semantic space learned from report text; paragraphs tagged with
the same criteria score higher. Each match quotes the sentence that carries the shared finding.

Options:
  --file FILE      only the paragraphs of this report (a path under DIR)
  --paragraph N    only this paragraph of --file: its printed number or its id (as ilacs parse gives)
  --top K          at most K matches per paragraph
  --threshold X    lowest score listed, 0 to 1 (default ${DEFAULT_THRESHOLD}; ${SPARSE_THRESHOLD} when the model
                   cannot be read)
  --same-authority only reports about the same local authority
  --json           print {"paragraphs": [{"file", "paragraph", "number",
                   "matches": [{"file", "paragraph", "number", "score", "sentence"}]}]}; paragraph
                   is the paragraph id, number the printed number or null, sentence the matching
                   paragraph's sentence that carries the shared finding; paragraphs with no match
                   are left out
  --help           show this help

Exit status 1 when a report or a store file cannot be read (the others are still compared).`;

function numberOption(options: Map<string, string[]>, name: string, min: number, max: number, integer: boolean): number | undefined {
  const raw = single(options, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new UsageError(`--${name} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, not "${raw}"`);
  }
  return value;
}

function label(file: string, paragraph: string, number: number | null): string {
  return `${file} ${number !== null ? `paragraph ${number}` : paragraph}`;
}

/** A match with the sentence it is quoted by. */
type QuotedMatch = ParagraphMatch & { sentence: string };

function matchLine(m: QuotedMatch): string {
  const when = m.date ?? 'undated';
  const who = m.otherAuthority ? `, ${m.localAuthority ?? 'unknown authority'}` : '';
  const shared = m.sharedCriteria.length ? ` [shared: ${m.sharedCriteria.join(', ')}]` : '';
  return `  ${m.score.toFixed(2)}  ${label(m.file, m.paragraph, m.number)} (${when}${who})${shared}${m.sentence ? `\n        “${m.sentence}”` : ''}`;
}

/** The sentence of each match that carries the finding it shares with paragraph `paragraph` of `file`. */
function quote(index: ParagraphIndex, reports: ReadonlyMap<string, Report>, file: string, paragraph: string, matches: ParagraphMatch[]): QuotedMatch[] {
  return matches.map((m) => {
    const text = reports.get(m.file)?.paragraphs.find((p) => p.id === m.paragraph)?.text ?? '';
    const at = index.sharedSentence(file, paragraph, text);
    return { ...m, sentence: at ? text.slice(at.start, at.end).replace(/\s+/g, ' ').trim() : '' };
  });
}

export const recurrencesCommand: CliCommand = {
  name: 'recurrences',
  summary: 'find the paragraphs of other reports that make the same finding as each paragraph',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const { positionals, flags, options } = parseArgs(args, { boolean: ['json', 'same-authority'], string: ['top', 'threshold', 'file', 'paragraph'] });
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'give the workspace folder' : `unexpected argument "${positionals[1]}"`);
    const top = numberOption(options, 'top', 1, 10000, true);
    const thresholdOption = numberOption(options, 'threshold', 0, 1, false);
    const fileOption = single(options, 'file');
    const paragraphOption = single(options, 'paragraph');
    if (paragraphOption !== undefined && fileOption === undefined) throw new UsageError('--paragraph needs --file');
    const root = await workspaceFolder(io.cwd, positionals[0]);

    let only: string | undefined;
    if (fileOption !== undefined) {
      // A path under DIR, given from the current folder or from DIR itself.
      const fromCwd = workspaceRelative(root, path.resolve(io.cwd, fileOption));
      only = fromCwd ?? workspaceRelative(root, path.resolve(root, fileOption)) ?? undefined;
      if (only === undefined) throw new UsageError(`--file ${fileOption} is not inside ${positionals[0]}`);
    }

    // The model is read by the session; whether it could be read sets the default threshold.
    let model: SemanticModel | null = null;
    const session = openNodeSession(root, {
      log: (m) => io.err(`ilacs recurrences: ${m}\n`),
      recurrenceModel: async () => {
        try {
          model = await loadRecurrenceModel();
        } catch (err) {
          // The wording alone still finds recurrences; say why they may differ from the editor's.
          io.err(`ilacs recurrences: ${err instanceof Error ? err.message : String(err)}; comparing by wording only\n`);
        }
        return model;
      },
    });
    let failed = false;
    const workspace = await session.reports();
    for (const loaded of workspace) {
      const problem = reportLoadProblems(io, 'recurrences', root, loaded, { store: (report) => `the tags of ${report} cannot be read, so its paragraphs are compared without them` });
      failed ||= problem;
    }
    const index = await session.recurrenceIndex();
    const threshold = thresholdOption ?? (model ? DEFAULT_THRESHOLD : SPARSE_THRESHOLD);
    const reports = new Map<string, Report>();
    for (const loaded of workspace) if (loaded.report) reports.set(loaded.file, loaded.report);

    const query = { threshold, top, includeOtherAuthorities: !flags.has('same-authority') };
    const results: { file: string; paragraph: string; number: number | null; matches: QuotedMatch[] }[] = [];
    if (only !== undefined) {
      const features = index.report(only);
      if (!features) {
        io.err(`ilacs recurrences: ${fileOption}: not a report of ${positionals[0]} that could be read\n`);
        return 1;
      }
      if (paragraphOption !== undefined) {
        const wanted = /^\d+$/.test(paragraphOption) ? features.paragraphs.find((p) => p.number === Number(paragraphOption)) : features.paragraphs.find((p) => p.id === paragraphOption);
        if (!wanted) {
          io.err(`ilacs recurrences: ${fileOption}: no paragraph ${paragraphOption} with findings to compare (headings and very short paragraphs are not compared; ilacs parse lists the paragraphs)\n`);
          return 1;
        }
        results.push({ file: only, paragraph: wanted.id, number: wanted.number, matches: quote(index, reports, only, wanted.id, index.matches(only, wanted.id, query)) });
      } else {
        for (const r of index.reportMatches(only, query)) results.push({ file: only, paragraph: r.paragraph.id, number: r.paragraph.number, matches: quote(index, reports, only, r.paragraph.id, r.matches) });
      }
    } else {
      for (const file of index.files()) {
        for (const r of index.reportMatches(file, query)) results.push({ file, paragraph: r.paragraph.id, number: r.paragraph.number, matches: quote(index, reports, file, r.paragraph.id, r.matches) });
      }
    }

    if (flags.has('json')) {
      // Written paragraph by paragraph (the same document as one JSON.stringify would give), so that a
      // large workspace's output is never one string in memory.
      io.out(results.length === 0 ? '{\n  "paragraphs": []\n}\n' : '{\n  "paragraphs": [\n');
      results.forEach((r, i) => {
        const entry = {
          file: r.file,
          paragraph: r.paragraph,
          number: r.number,
          matches: r.matches.map((m) => ({ file: m.file, paragraph: m.paragraph, number: m.number, score: Math.round(m.score * 1000) / 1000, sentence: m.sentence })),
        };
        io.out(`    ${JSON.stringify(entry, null, 2).replace(/\n/g, '\n    ')}${i < results.length - 1 ? ',' : ''}\n`);
      });
      if (results.length > 0) io.out('  ]\n}\n');
    } else {
      const shown = results.filter((r) => r.matches.length > 0);
      if (shown.length === 0) io.out(`No recurring findings at a score of ${threshold} or more.\n`);
      for (const r of shown) io.out(`${label(r.file, r.paragraph, r.number)}\n${r.matches.map(matchLine).join('\n')}\n`);
    }
    return failed ? 1 : 0;
  },
};
