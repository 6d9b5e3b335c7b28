import * as path from 'node:path';
import { ASSESSMENTS, STATUSES, StoreFileError, storeFileErrorText, type Assessment, type AnnotationStatus } from '../../core/annotations';
import { paragraphSelectors, resolveAnnotations } from '../../core/workspace';
import { openNodeSession } from '../../node/host';
import { displayPath, reportInWorkspace, sessionCodebook } from '../files';
import { oneOf, parseArgs, single, UsageError, type CliCommand, type CliIo } from '../io';
import { annotationToJson } from './annotations';

const USAGE = `Usage: ilacs tag FILE --paragraph N|ID --criterion ID [--criterion ID...]
                 [--assessment A] [--status S] [--note TEXT] [--author NAME]
                 [--workspace DIR] [--json]

Tags one paragraph of a report (its words, without the printed number) with codebook criteria and saves the tag in the
workspace's annotation store (.ilacs/annotations/). Prints the new tag's id.

Options:
  --paragraph N|ID   the printed paragraph number (12) or the paragraph id (p12,
                     what-needs-to-improve.2; "ilacs parse --json" lists the ids)
  --criterion ID     a criterion id of the codebook in force ("ilacs codebook" lists them); repeatable
  --assessment A     ${ASSESSMENTS.join(', ')}
  --status S         ${STATUSES.join(', ')} (default open)
  --note TEXT        a note to keep with the tag
  --author NAME      who tagged it (default: git config user.name, else the system user name)
  --workspace DIR    the workspace folder (default: the nearest folder at or above FILE that holds
                     .ilacs/, else FILE's folder)
  --json             print {"annotation": {...}} in the shape "ilacs annotations --json" uses

Unknown criteria or paragraphs are errors (exit status 1) and nothing is saved. While the workspace
codebook has errors, criteria are checked against the built-in codebook and the exit status is 1.`;

export const tagCommand: CliCommand = {
  name: 'tag',
  summary: 'tag a paragraph of a report with codebook criteria',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const { positionals, flags, options } = parseArgs(args, {
      boolean: ['json'],
      string: ['paragraph', 'criterion', 'assessment', 'status', 'note', 'author', 'workspace'],
    });
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'give the report file to tag' : `unexpected argument "${positionals[1]}"`);
    const file = positionals[0];
    const paragraphRef = single(options, 'paragraph');
    if (paragraphRef === undefined) throw new UsageError('give the paragraph to tag with --paragraph N or --paragraph ID');
    const criterionIds = options.get('criterion') ?? [];
    if (criterionIds.length === 0) throw new UsageError('give at least one --criterion ID');
    const assessment = oneOf<Assessment>('assessment', single(options, 'assessment'), ASSESSMENTS);
    const status = oneOf<AnnotationStatus>('status', single(options, 'status'), STATUSES);
    const note = single(options, 'note');
    const authorOption = single(options, 'author');
    if (authorOption !== undefined && authorOption.trim() === '') throw new UsageError('--author must not be empty');
    const workspaceOption = single(options, 'workspace');

    const located = await reportInWorkspace(io, 'tag', file, workspaceOption);
    if (!located) return 1;
    const { workspace, relative } = located;

    const session = openNodeSession(workspace, { log: (m) => io.err(`ilacs tag: ${m}\n`) });
    // Criteria are checked against the codebook in force; while the workspace codebook has errors
    // that is the built-in one, and the message about a criterion only the workspace's defines says so.
    const { failed } = await sessionCodebook(io, 'tag', session, workspace);
    const criteria = await session.findCriteria(criterionIds);
    const paragraph = await session.findParagraph(relative, paragraphRef);
    const problems = [...(criteria.ok ? [] : criteria.messages), ...(paragraph.ok ? [] : [paragraph.message])];
    if (!criteria.ok || !paragraph.ok) {
      for (const p of problems) io.err(`ilacs tag: ${p}\n`);
      io.err('ilacs tag: nothing was saved\n');
      return 1;
    }
    // The report as the paragraph was found in it: offsets in the selectors count this text.
    const current = await session.currentReport(relative);
    if (!current) throw new Error(`${relative} cannot be read as a report`);
    const { report, text } = current;

    let annotation;
    try {
      annotation = await session.store.add(relative, {
        paragraph: paragraph.paragraph.id,
        selectors: paragraphSelectors(text, paragraph.paragraph),
        criteria: criteria.criteria.map((c) => c.id),
        assessment: assessment ?? null,
        status: status ?? 'open',
        note: note ?? '',
        author: authorOption?.trim() ?? (await session.host.author()),
      });
    } catch (err) {
      if (err instanceof StoreFileError) {
        io.err(storeFileErrorText(displayPath(io.cwd, path.join(workspace, ...err.file.split('/'))), err.diagnostics) + '\n');
        return 1;
      }
      throw err;
    }
    if (flags.has('json')) {
      const [resolved] = resolveAnnotations(report, text, [annotation]);
      io.out(JSON.stringify({ annotation: annotationToJson(resolved) }, null, 2) + '\n');
    } else {
      io.out(`${annotation.id}\n`);
    }
    // A tag with criteria of the codebook in force is saved while the workspace's has errors; the exit status says so.
    return failed ? 1 : 0;
  },
};
