/**
 * The recurrence index kept between sessions: every report's paragraphs and stored terms in one
 * binary file, so that opening a workspace again does not read each paragraph's words again. A report
 * is taken from the cache only when its stamp (`reportStamp`: a hash of its text and its tags'
 * criteria, and of the way features are computed) is the one the caller computes now.
 *
 * Layout: the 8 bytes `ILACSRI1`; the byte length of a JSON header (32-bit little-endian); the header
 * (`CacheHeader`: term table, reports and paragraphs); padding to a multiple of 4; then, for all
 * paragraphs in header order, their term ids (32-bit), then the sentences holding each (a 32-bit
 * mask), then their counts (8-bit), then their polarities (8-bit).
 */
import { sha1Hex } from '../hash';
import type { Report, ReportKind } from '../model';
import { reportDate } from '../workspace/improvements';
import { MAX_COUNT } from './features';
import type { IndexedParagraph, IndexedReport, PackedTerms, ParagraphIndex } from './paragraphIndex';

const MAGIC = 'ILACSRI1';
/** Raised whenever features.ts or the layout changes, so an old cache is read again from the reports. */
export const FEATURES_VERSION = 6;

/** Bytes per stored term: id, sentence mask, count, polarity. */
const ENTRY_BYTES = 10;

/** A paragraph in the header: id, number, first and last line, criteria, number of terms. */
type CachedParagraph = [string, number | null, number, number, string[], number];

interface CacheHeader {
  version: number;
  terms: string[];
  reports: { file: string; stamp: string; localAuthority: string | null; reportKind: ReportKind | null; date: string | null; paragraphs: CachedParagraph[] }[];
}

/** A digest of a text (SHA-1: a stamp to compare, not a secret). */
function hash(text: string): string {
  return sha1Hex(text);
}

/**
 * What a report's cached entry depends on: its text, its tags' criteria, the feature rules and, when
 * `report` is given, what the parser made of the text (authority, kind, date, paragraph ids, numbers
 * and lines), so that a cache written before a change to the parser is not taken for the new one.
 */
export function reportStamp(text: string, criteria?: ReadonlyMap<string, readonly string[]>, report?: Report): string {
  const tags = criteria ? [...criteria].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)).map(([p, c]) => `${p}=${[...c].sort().join(',')}`).join(';') : '';
  const stamp = `${FEATURES_VERSION}:${text.length}:${hash(text)}:${hash(tags)}`;
  if (!report) return stamp;
  const parts = [report.localAuthority ?? '', report.kind ?? '', reportDate(report) ?? ''];
  for (const p of report.paragraphs) if (p.kind !== 'heading') parts.push(`${p.id},${p.number ?? ''},${p.range.start.line},${p.range.end.line}`);
  return `${stamp}:${hash(parts.join('\n'))}`;
}

/** The index's reports (those with a stamp in `stamps`) as cache bytes. */
export function writeIndexCache(index: ParagraphIndex, stamps: ReadonlyMap<string, string>): Uint8Array {
  const used = new Map<number, number>();
  const terms: string[] = [];
  const header: CacheHeader = { version: FEATURES_VERSION, terms, reports: [] };
  const all: PackedTerms[] = [];
  for (const file of index.files()) {
    const stamp = stamps.get(file);
    const info = index.report(file);
    const stored = index.storedTerms(file);
    if (stamp === undefined || !info || !stored) continue;
    header.reports.push({
      file,
      stamp,
      localAuthority: info.localAuthority,
      reportKind: info.reportKind,
      date: info.date,
      paragraphs: info.paragraphs.map((p, k): CachedParagraph => [p.id, p.number, p.startLine, p.endLine, p.criteria, stored.offsets[k + 1] - stored.offsets[k]]),
    });
    // Renumbered into a table holding only the terms these reports use.
    const ids = stored.ids.map((id) => {
      let n = used.get(id);
      if (n === undefined) {
        used.set(id, (n = terms.length));
        terms.push(index.terms.name(id));
      }
      return n;
    });
    all.push({ ...stored, ids });
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const total = all.reduce((n, t) => n + t.ids.length, 0);
  const start = Math.ceil((8 + 4 + json.length) / 4) * 4;
  const bytes = new Uint8Array(start + total * ENTRY_BYTES);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(8, json.length, true);
  bytes.set(json, 12);
  const ids = new Int32Array(bytes.buffer, start, total);
  const sentences = new Uint32Array(bytes.buffer, start + total * 4, total);
  const counts = new Uint8Array(bytes.buffer, start + total * 8, total);
  const polarities = new Int8Array(bytes.buffer, start + total * 9, total);
  let at = 0;
  for (const t of all) {
    ids.set(t.ids, at);
    sentences.set(t.sentences, at);
    counts.set(t.counts, at);
    polarities.set(t.polarities, at);
    at += t.ids.length;
  }
  return bytes;
}

export interface CacheReadResult {
  /** Reports taken from the cache. */
  loaded: string[];
  /** Why the cache could not be used at all (then nothing was loaded), or null. */
  problem: string | null;
}

/**
 * Puts into `index` every cached report for which `isCurrent(file, stamp)` holds. A cache that is not
 * one (wrong magic, another version, cut short, damaged) loads nothing and says why; it never throws.
 */
export function readIndexCache(bytes: Uint8Array, index: ParagraphIndex, isCurrent: (file: string, stamp: string) => boolean): CacheReadResult {
  try {
    return readCache(bytes, index, isCurrent);
  } catch (err) {
    // A header of the right kind whose parts have the wrong shape (a damaged or hand-edited file).
    return { loaded: [], problem: `the cache is damaged (${err instanceof Error ? err.message : String(err)})` };
  }
}

function isCachedParagraph(p: unknown): p is CachedParagraph {
  return (
    Array.isArray(p) &&
    p.length === 6 &&
    typeof p[0] === 'string' &&
    (p[1] === null || Number.isInteger(p[1])) &&
    Number.isInteger(p[2]) &&
    Number.isInteger(p[3]) &&
    Array.isArray(p[4]) &&
    (p[4] as unknown[]).every((c) => typeof c === 'string') &&
    Number.isInteger(p[5]) &&
    (p[5] as number) >= 0
  );
}

function isCachedReport(r: unknown): r is CacheHeader['reports'][number] {
  if (typeof r !== 'object' || r === null) return false;
  const x = r as Record<string, unknown>;
  return (
    typeof x.file === 'string' &&
    typeof x.stamp === 'string' &&
    (x.localAuthority === null || typeof x.localAuthority === 'string') &&
    (x.reportKind === null || typeof x.reportKind === 'string') &&
    (x.date === null || typeof x.date === 'string') &&
    Array.isArray(x.paragraphs) &&
    x.paragraphs.every(isCachedParagraph)
  );
}

function readCache(bytes: Uint8Array, index: ParagraphIndex, isCurrent: (file: string, stamp: string) => boolean): CacheReadResult {
  const fail = (problem: string): CacheReadResult => ({ loaded: [], problem });
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) return fail('not a recurrence index cache');
  // The 32-bit term ids need the data aligned as written; a copy is aligned.
  const own = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const view = new DataView(own.buffer, own.byteOffset, own.byteLength);
  const length = view.getUint32(8, true);
  if (12 + length > own.length) return fail('the cache is cut short');
  let header: CacheHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(own.subarray(12, 12 + length))) as CacheHeader;
  } catch {
    return fail('the cache header is not valid JSON');
  }
  if (typeof header !== 'object' || header === null) return fail('the cache header is incomplete');
  if (header.version !== FEATURES_VERSION) return fail(`the cache was written by another version (${String(header.version)})`);
  if (!Array.isArray(header.terms) || !Array.isArray(header.reports)) return fail('the cache header is incomplete');
  if (!header.terms.every((t) => typeof t === 'string' && t.length > 0) || !header.reports.every(isCachedReport)) return fail('the cache header is damaged');
  const total = header.reports.reduce((n, r) => n + r.paragraphs.reduce((m, p) => m + p[5], 0), 0);
  const start = own.byteOffset + Math.ceil((12 + length) / 4) * 4;
  if (start - own.byteOffset + total * ENTRY_BYTES > own.length) return fail('the cache is cut short');
  const ids = new Int32Array(own.buffer, start, total);
  const sentences = new Uint32Array(own.buffer, start + total * 4, total);
  const counts = new Uint8Array(own.buffer, start + total * 8, total);
  const polarities = new Int8Array(own.buffer, start + total * 9, total);
  const remap = new Int32Array(header.terms.length).fill(-1);
  const loaded: string[] = [];
  const batch: { info: IndexedReport; terms: PackedTerms }[] = [];
  let at = 0;
  const seen = new Set<string>();
  for (const r of header.reports) {
    if (seen.has(r.file)) return fail(`the cache holds ${r.file} twice`);
    seen.add(r.file);
    const offsets = new Int32Array(r.paragraphs.length + 1);
    r.paragraphs.forEach((p, k) => (offsets[k + 1] = offsets[k] + p[5]));
    const size = offsets[r.paragraphs.length];
    if (!isCurrent(r.file, r.stamp)) {
      at += size;
      continue;
    }
    const paragraphs: IndexedParagraph[] = r.paragraphs.map(([id, number, startLine, endLine, criteria]) => ({ id, number, startLine, endLine, criteria }));
    const mapped = new Int32Array(size);
    for (let i = 0; i < size; i++) {
      const cached = ids[at + i];
      if (cached < 0 || cached >= remap.length) return fail('the cache refers to a term it does not hold');
      // Counts and polarities are packed into the index's postings; a value out of range would spill into its neighbours.
      if (counts[at + i] < 1 || counts[at + i] > MAX_COUNT || polarities[at + i] < -1 || polarities[at + i] > 1) return fail('the cache holds a count or polarity out of range');
      let m = remap[cached];
      if (m < 0) m = remap[cached] = index.terms.idOf(header.terms[cached]);
      mapped[i] = m;
    }
    batch.push({
      info: { file: r.file, localAuthority: r.localAuthority, reportKind: r.reportKind, date: r.date, paragraphs },
      terms: { ids: mapped, counts: counts.slice(at, at + size), polarities: polarities.slice(at, at + size), sentences: sentences.slice(at, at + size), offsets },
    });
    loaded.push(r.file);
    at += size;
  }
  // All at once: each posting list grows once.
  index.setStoredReports(batch);
  return { loaded, problem: null };
}
