import * as path from 'node:path';
import * as v8 from 'node:v8';
import type { Report } from '../../core/model';
import { DEFAULT_THRESHOLD, IndexFilling, ParagraphIndex, sentenceTerms, SPARSE_THRESHOLD, taggedCriteria, type ParagraphMatch, type SemanticModel, type SentenceTerms } from '../../core/recurrence';
import { startFeatureReader } from '../../node/featureThread';
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

/**
 * How much V8 lets its heap grow past what was live at the last full collection, in percent, when
 * every paragraph of the workspace is listed. Its default grows the heap up to four times when
 * collecting is cheap, which suits a long-lived program; listing a whole workspace keeps a small
 * live set (the index) and makes much short-lived garbage, so it would hold several times the
 * memory it needs. At 30%, over 447 reports it peaks at about 400 MB instead of 470 to 530 MB, in
 * the same time (BENCHMARKS.md). One report's or one paragraph's matches are left the default: there
 * it costs collections and saves little. Read by V8 at each collection, so it takes effect when set.
 */
const HEAP_GROWING_PERCENT = 30;

/** At most this many paragraphs' sentences are kept for quoting (a paragraph is quoted for many others). */
const QUOTED_KEPT = 20_000;

/**
 * The paragraphs' texts by file and paragraph id (kept while the index is filled when every
 * paragraph is listed, else read again for the reports matched), and the sentences of those quoted lately.
 */
interface Quoting {
  texts: Map<string, Map<string, string>>;
  /** Reads a report's paragraphs' texts that were not kept (null: none to read). */
  reread: ((file: string) => Promise<Map<string, string> | null>) | null;
  read: Map<string, SentenceTerms[]>;
}

async function quote(index: ParagraphIndex, quoting: Quoting, file: string, paragraph: string, matches: ParagraphMatch[]): Promise<QuotedMatch[]> {
  const quoted = quoting.read;
  for (const m of matches) {
    if (quoting.texts.has(m.file) || !quoting.reread) continue;
    quoting.texts.set(m.file, (await quoting.reread(m.file)) ?? new Map());
  }
  return matches.map((m) => {
    const text = quoting.texts.get(m.file)?.get(m.paragraph) ?? '';
    const key = `${m.file}#${m.paragraph}`;
    let read = quoted.get(key);
    if (read === undefined) {
      if (quoted.size >= QUOTED_KEPT) quoted.clear();
      quoted.set(key, (read = sentenceTerms(text, index.terms)));
    }
    const at = index.sharedSentence(file, paragraph, text, read);
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

    if (only === undefined) v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    const session = openNodeSession(root, { log: (m) => io.err(`ilacs recurrences: ${m}\n`) });
    let failed = false;
    let model: SemanticModel | null = null;
    try {
      model = await loadRecurrenceModel();
    } catch (err) {
      // The wording alone still finds recurrences; say why they may differ from the editor's.
      io.err(`ilacs recurrences: ${err instanceof Error ? err.message : String(err)}; comparing by wording only\n`);
    }
    // One report read at a time (as the session reads it: parsed, corrected, tags re-anchored): its
    // features go into the index, and of the report only its paragraphs' texts are kept (to quote
    // the matches), so that a large workspace is never all in memory at once.
    const index = new ParagraphIndex();
    index.setModel(model);
    // Listing one report's paragraphs or one paragraph, only the reports matched are read again to quote them.
    const keepTexts = only === undefined;
    const textsOf = (report: Report): Map<string, string> => new Map(report.paragraphs.map((p) => [p.id, p.text]));
    const reports: Quoting = {
      texts: new Map(),
      reread: keepTexts
        ? null
        : async (file) => {
            const report = (await session.readReport(file)).report;
            return report ? textsOf(report) : null;
          },
      read: new Map(),
    };
    // The paragraphs' features are read on a second thread while this one reads the next reports.
    const filling = new IndexFilling(index, { reader: () => startFeatureReader() });
    try {
      for await (const loaded of session.eachReport()) {
        failed = reportLoadProblems(io, 'recurrences', root, loaded, { store: (report) => `the tags of ${report} cannot be read, so its paragraphs are compared without them` }) || failed;
        if (!loaded.report) continue;
        if (keepTexts || loaded.file === only) reports.texts.set(loaded.file, textsOf(loaded.report));
        await filling.addReport(loaded.file, loaded.report, taggedCriteria(loaded.annotations));
      }
    } catch (err) {
      filling.stop();
      throw err;
    }
    await filling.finish();
    if (filling.readerFailed) io.err(`ilacs recurrences: ${filling.readerFailed.message}; the rest of the reports were read on the main thread\n`);
    const threshold = thresholdOption ?? (model ? DEFAULT_THRESHOLD : SPARSE_THRESHOLD);

    const query = { threshold, top, includeOtherAuthorities: !flags.has('same-authority') };
    // Each paragraph's matches are written as they are found (the same document as one
    // JSON.stringify would give), so that a large workspace's results are never all in memory.
    const json = flags.has('json');
    let written = 0;
    const emit = (file: string, paragraph: string, number: number | null, matches: QuotedMatch[]): void => {
      if (json) {
        const entry = {
          file,
          paragraph,
          number,
          matches: matches.map((m) => ({ file: m.file, paragraph: m.paragraph, number: m.number, score: Math.round(m.score * 1000) / 1000, sentence: m.sentence })),
        };
        io.out(`${written === 0 ? '{\n  "paragraphs": [\n' : ',\n'}    ${JSON.stringify(entry, null, 2).replace(/\n/g, '\n    ')}`);
        written++;
      } else if (matches.length > 0) {
        io.out(`${label(file, paragraph, number)}\n${matches.map(matchLine).join('\n')}\n`);
        written++;
      }
    };
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
        emit(only, wanted.id, wanted.number, await quote(index, reports, only, wanted.id, index.matches(only, wanted.id, query)));
      } else {
        for (const r of index.reportMatches(only, query)) emit(only, r.paragraph.id, r.paragraph.number, await quote(index, reports, only, r.paragraph.id, r.matches));
      }
    } else {
      for (const file of index.files()) {
        for (const r of index.reportMatches(file, query)) emit(file, r.paragraph.id, r.paragraph.number, await quote(index, reports, file, r.paragraph.id, r.matches));
      }
    }
    if (json) io.out(written === 0 ? '{\n  "paragraphs": []\n}\n' : '\n  ]\n}\n');
    else if (written === 0) io.out(`No recurring findings at a score of ${threshold} or more.\n`);
    return failed ? 1 : 0;
  },
};
