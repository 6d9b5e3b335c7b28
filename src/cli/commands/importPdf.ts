import * as path from 'node:path';
import { importPdfFile, markdownPathFor, type ImportOutcome } from '../../node/pdfImport';
import { PdfImportError, type PdfLimits } from '../../core/pdf';
import { promises as fs } from 'node:fs';
import { displayPath } from '../files';
import { parseArgs, single, UsageError, type CliCommand, type CliIo } from '../io';

const USAGE = `Usage: ilacs import-pdf FILE.pdf... [-o DIR] [--force] [--json]
                        [--max-content-mb N] [--max-pages N] [--timeout SECONDS]

Converts Ofsted report PDFs into Markdown reports (FILE.md beside each PDF): headings, numbered
paragraphs, the judgement table, "What needs to improve" lists; page numbers, running headers and
footers left out. A front-matter block records the metadata found and the PDF's name and SHA-256.

Options:
  -o, --out DIR   write the Markdown files into DIR (made when missing) instead of beside the PDFs
  --force         replace a Markdown file even when it was edited since it was imported or has
                  tags (the tags stay and are found again on the new text)
  --json          print {"imports": [...], "errors": [...]}
  --max-content-mb N
                  refuse a PDF whose compressed content inflates to more than N MB (default 64;
                  the text read from its pages may be a sixteenth of it)
  --max-pages N   refuse a PDF of more than N pages (default 2000)
  --timeout SECONDS
                  give up on a PDF that takes longer than this to read (default 60)

A PDF that is encrypted, scanned (no text), damaged or past a limit is reported and the others are still
imported; nothing is written for it. Exit status 1 when any PDF failed or a file was kept.`;

interface ImportJson {
  pdf: string;
  markdown: string;
  status: string;
  reason?: string;
  pages: number;
  kind: string;
  localAuthority: string | null;
  judgements: number;
  numberedParagraphs: number;
}

export const importPdfCommand: CliCommand = {
  name: 'import-pdf',
  summary: 'convert report PDFs into Markdown reports',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const { positionals, flags, options } = parseArgs(args, { boolean: ['force', 'json'], string: ['out', 'max-content-mb', 'max-pages', 'timeout'], short: { o: 'out' } });
    if (positionals.length === 0) throw new UsageError('give at least one PDF file to import');
    const outOption = single(options, 'out');
    const outDir = outOption !== undefined ? await outputFolder(io.cwd, outOption) : undefined;
    const force = flags.has('force');
    const limits: Partial<PdfLimits> = {};
    const contentMb = positiveNumber(options, 'max-content-mb');
    if (contentMb !== undefined) limits.maxContentBytes = contentMb * 1024 * 1024;
    const pages = positiveNumber(options, 'max-pages');
    if (pages !== undefined) limits.maxPages = Math.floor(pages);
    const timeout = positiveNumber(options, 'timeout');
    if (timeout !== undefined) limits.timeoutMs = timeout * 1000;
    const json = flags.has('json');

    let failed = 0;
    const imports: ImportJson[] = [];
    const errors: { pdf: string; error: string }[] = [];
    /** Markdown files this run has written, and from which PDF: two PDFs of one name must not write the same file. */
    const written = new Map<string, { file: string; pdf: string }>();
    for (const file of positionals) {
      const pdf = path.resolve(io.cwd, file);
      const target = markdownPathFor(pdf, outDir);
      const earlier = written.get(target);
      if (earlier?.pdf === pdf) continue; // the same PDF named twice
      if (earlier !== undefined) {
        failed++;
        const problem = `not imported: ${displayPath(io.cwd, target)} was just written from ${earlier.file}; import PDFs of the same name into different folders (-o DIR)`;
        errors.push({ pdf: file, error: problem });
        io.err(`ilacs import-pdf: ${file}: ${problem}\n`);
        continue;
      }
      let outcome: ImportOutcome;
      try {
        outcome = await importPdfFile(pdf, { outDir, force, limits });
      } catch (err) {
        failed++;
        // Whatever went wrong with one PDF, it is named and the others are still imported.
        const raw = err instanceof PdfImportError ? err.problem : `cannot be imported: ${err instanceof Error ? err.message : String(err)}`;
        // The Markdown file as the user would name it, not its absolute path.
        const problem = raw.split(target).join(displayPath(io.cwd, target));
        errors.push({ pdf: file, error: problem });
        io.err(`ilacs import-pdf: ${file}: ${problem}\n`);
        continue;
      }
      if (outcome.status !== 'kept') written.set(target, { file, pdf });
      const md = displayPath(io.cwd, outcome.markdown);
      const r = outcome.report;
      const numbered = r.paragraphs.filter((p) => p.number !== null).length;
      if (outcome.status === 'kept') {
        failed++;
        io.err(`ilacs import-pdf: ${file}: ${outcome.protection?.reason ?? md + ' is protected'}; not replaced (use --force to replace it; its tags are kept and found again on the new text)\n`);
      } else if (!json) {
        const verb = outcome.status === 'created' ? 'written' : outcome.status === 'replaced' ? 'replaced' : 'unchanged';
        io.out(
          `${file} -> ${md} (${verb}): ${outcome.pages} page${outcome.pages === 1 ? '' : 's'}, ${r.kind}` +
            `${r.localAuthority ? `, ${r.localAuthority}` : ''}, ${r.judgements.length} grade${r.judgements.length === 1 ? '' : 's'}, ` +
            `${numbered} numbered paragraph${numbered === 1 ? '' : 's'}\n`,
        );
      }
      const entry: ImportJson = {
        pdf: file,
        markdown: md,
        status: outcome.status,
        pages: outcome.pages,
        kind: r.kind,
        localAuthority: r.localAuthority,
        judgements: r.judgements.length,
        numberedParagraphs: numbered,
      };
      if (outcome.protection) entry.reason = outcome.protection.reason;
      imports.push(entry);
    }
    if (json) io.out(JSON.stringify({ imports, errors }, null, 2) + '\n');
    return failed ? 1 : 0;
  },
};

/** The output folder: created when missing; a usage error when it names a file. */
async function outputFolder(cwd: string, dir: string): Promise<string> {
  const abs = path.resolve(cwd, dir);
  const stat = await fs.stat(abs).catch(() => null);
  if (stat && !stat.isDirectory()) throw new UsageError(`${dir} is a file, not a folder`);
  return abs;
}

/** A positive number option, or undefined when it is not given; a usage error otherwise. */
function positiveNumber(options: Parameters<typeof single>[0], name: string): number | undefined {
  const raw = single(options, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\s*\d+(?:\.\d+)?\s*$/.test(raw) || !Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} takes a positive number, not ${JSON.stringify(raw)}`);
  return n;
}
