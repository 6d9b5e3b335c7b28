/**
 * Trains the recurrence index's semantic layer (src/core/recurrence/semantic.ts) from report text
 * and writes it to media/recurrence-model.bin.
 *
 *   npm run train:recurrence -- [--reports DIR]... [--out FILE] [--dims N] [--min-df N] [--max-stems N]
 *                               [--exclude AUTHORITY]...
 *
 * Reads every .txt and .md report under the folders given (default ../shared/reports), leaving out
 * every report about an authority of the labelled set's test part
 * (test/fixtures/recurrence/clusters.json, `split.test`), so that the figures measured on that part
 * are measured on text the model never saw. `--exclude` leaves out more authorities: a model trained
 * without the tuning part's authorities too is how the weights of the re-ranking were chosen
 * (measured on reports the model had not seen, as a user's reports will be). Each sentence of each paragraph (Ofsted's stock
 * paragraphs and sentences left out, as the index leaves them out) is a row of a TF-IDF matrix over
 * the stems found in at least `--min-df` sentences; the model is its truncated SVD: each stem's
 * vector is its row of the top `--dims` right singular vectors, scaled by the square root of the
 * singular value. The header records the SHA-256 of the training reports, their number and
 * authorities, so that a model can be told from another and traced to its text.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseReport } from '../src/core/parser';
import { isStockParagraph, sentenceTerms, TermTable } from '../src/core/recurrence/features';
import { parseClusterSet } from '../src/core/recurrence/evaluation';
import { SemanticModel, writeSemanticModel, type ModelHeader } from '../src/core/recurrence/semantic';
import { truncatedSvd, type SparseRows } from './lib/lsa';
import { listReports } from './lib/reports';

/** Raised whenever the training method changes. */
const MODEL_VERSION = 1;
const ROOT = path.resolve(__dirname, '..');
const CLUSTERS = path.join(ROOT, 'test', 'fixtures', 'recurrence', 'clusters.json');

interface Options {
  reports: string[];
  out: string;
  dims: number;
  minDf: number;
  maxStems: number;
  exclude: string[];
}

function parseOptions(argv: string[]): Options {
  const o: Options = { reports: [], out: path.join(ROOT, 'media', 'recurrence-model.bin'), dims: 200, minDf: 3, maxStems: 6000, exclude: [] };
  for (let i = 0; i < argv.length; i++) {
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${argv[i - 1]} needs a value`);
      return v;
    };
    const whole = (name: string): number => {
      const v = Number(value());
      if (!Number.isInteger(v) || v <= 0) throw new Error(`${name} must be a whole number above 0`);
      return v;
    };
    switch (argv[i]) {
      case '--reports': o.reports.push(path.resolve(value())); break;
      case '--out': o.out = path.resolve(value()); break;
      case '--dims': o.dims = whole('--dims'); break;
      case '--min-df': o.minDf = whole('--min-df'); break;
      case '--max-stems': o.maxStems = whole('--max-stems'); break;
      case '--exclude': o.exclude.push(slug(value())); break;
      default: throw new Error(`unknown option ${argv[i]}`);
    }
  }
  if (o.reports.length === 0) o.reports.push(path.resolve(ROOT, '..', 'shared', 'reports'));
  return o;
}

/** `St Helens` and `st-helens__04-november-2019.txt` both give `st-helens`. */
const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  const held = [...parseClusterSet(readFileSync(CLUSTERS, 'utf8'), CLUSTERS).split.test, ...options.exclude];
  const heldOut = (file: string, authority: string | null): boolean => {
    const base = slug(path.basename(file));
    return held.some((a) => (authority !== null && slug(authority) === a) || base.startsWith(`${a}-`));
  };

  const corpus = createHash('sha256');
  const authorities = new Set<string>();
  const sentences: number[][] = [];
  const terms = new TermTable();
  let reports = 0;
  let skipped = 0;
  for (const dir of options.reports) {
    for (const file of listReports(dir)) {
      const bytes = readFileSync(file);
      const report = parseReport(path.basename(file), bytes);
      if (heldOut(file, report.localAuthority)) {
        skipped++;
        continue;
      }
      reports++;
      if (report.localAuthority) authorities.add(report.localAuthority);
      corpus.update(`${path.relative(dir, file).split(path.sep).join('/')}\n`).update(bytes);
      const titles = new Map(report.sections.map((s) => [s.id, s.title]));
      for (const p of report.paragraphs) {
        if (p.kind === 'heading' || isStockParagraph(p.section === null ? null : (titles.get(p.section) ?? null), p.text)) continue;
        for (const s of sentenceTerms(p.text, terms)) if (s.ids.length >= 2) sentences.push(s.ids);
      }
    }
  }
  if (reports === 0) throw new Error(`no reports to train on under ${options.reports.join(', ')}`);

  // The vocabulary: stems in at least minDf sentences, the most frequent first.
  const df = new Map<number, number>();
  for (const ids of sentences) for (const id of ids) df.set(id, (df.get(id) ?? 0) + 1);
  const vocabulary = [...df].filter(([, n]) => n >= options.minDf).sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, options.maxStems).map(([id]) => id);
  const column = new Map(vocabulary.map((id, i) => [id, i]));
  const n = sentences.length;
  const idf = Float64Array.from(vocabulary, (id) => Math.log(n / (df.get(id) as number)));

  // Rows: one per sentence, each stem weighted by its IDF, the row of unit length.
  const ptr = new Int32Array(n + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  sentences.forEach((ids, r) => {
    const at = cols.length;
    for (const id of ids) {
      const c = column.get(id);
      if (c === undefined) continue;
      cols.push(c);
      vals.push(idf[c]);
    }
    let norm = 0;
    for (let i = at; i < vals.length; i++) norm += vals[i] * vals[i];
    norm = Math.sqrt(norm) || 1;
    for (let i = at; i < vals.length; i++) vals[i] /= norm;
    ptr[r + 1] = cols.length;
  });
  const x: SparseRows = { rows: n, columns: vocabulary.length, ptr, cols: Int32Array.from(cols), vals: Float64Array.from(vals) };
  const started = performance.now();
  const { values, vectors } = truncatedSvd(x, options.dims, { seed: 7 });
  const dims = values.length;

  // Each stem's vector: its entries in the singular vectors, scaled by the singular values' square root.
  const v = vocabulary.length;
  const out = new Float32Array(v * dims);
  for (let j = 0; j < dims; j++) {
    const scale = Math.sqrt(Math.sqrt(Math.max(values[j], 0)));
    for (let r = 0; r < v; r++) out[r * dims + j] = vectors[j * v + r] * scale;
  }
  const header: ModelHeader = {
    format: 1,
    version: MODEL_VERSION,
    dims,
    stems: vocabulary.map((id) => terms.name(id)),
    corpus: { sha256: corpus.digest('hex'), reports, sentences: n, authorities: [...authorities].sort() },
    method: `truncated SVD (${dims} dimensions) of the sentence-by-stem TF-IDF matrix (rows of unit length, stems in at least ${options.minDf} sentences), stem vectors scaled by the square root of the singular values; 8-bit vectors`,
  };
  const bytes = writeSemanticModel(new SemanticModel(header, Float32Array.from(idf), out));
  writeFileSync(options.out, bytes);
  console.log(
    `${path.relative(process.cwd(), options.out)}: ${v} stems x ${dims} dimensions, ${(bytes.length / 1e6).toFixed(2)} MB; ` +
      `trained on ${reports} reports (${skipped} of the authorities held out left out), ${n} sentences, in ${((performance.now() - started) / 1000).toFixed(1)} s; corpus sha256 ${header.corpus.sha256}`,
  );
}

try {
  main();
} catch (err) {
  console.error(`train-recurrence: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
