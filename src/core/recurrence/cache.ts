/**
 * The recurrence index kept between sessions: every report's paragraphs and stored terms in one
 * binary file, so that opening a workspace again does not read each paragraph's words again. A report
 * is taken from the cache only when its stamp (`reportStamp`: a hash of its text and its tags'
 * criteria, and of the way features are computed) is the one the caller computes now.
 *
 * Layout: the 8 bytes `ILACSRI1`; the byte length of a JSON header (32-bit little-endian); the header
 * (`CacheHeader`: term table, reports and paragraphs); padding to a multiple of 4; then, for all
 * paragraphs in header order, their term ids (32-bit), counts (16-bit) and polarities (8-bit).
 */
import type { ReportKind } from '../model';
import type { IndexedParagraph, IndexedReport, ParagraphIndex, StoredTerms } from './paragraphIndex';

const MAGIC = 'ILACSRI1';
/** Raised whenever features.ts or the layout changes, so an old cache is read again from the reports. */
export const FEATURES_VERSION = 3;

/** A paragraph in the header: id, number, first and last line, criteria, number of terms. */
type CachedParagraph = [string, number | null, number, number, string[], number];

interface CacheHeader {
  version: number;
  terms: string[];
  reports: { file: string; stamp: string; localAuthority: string | null; reportKind: ReportKind | null; date: string | null; paragraphs: CachedParagraph[] }[];
}

/** Two 32-bit FNV-1a hashes with different offsets, as 16 hex digits. */
function hash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** What a report's cached features depend on: its text, its tags' criteria and the feature rules. */
export function reportStamp(text: string, criteria?: ReadonlyMap<string, readonly string[]>): string {
  const tags = criteria ? [...criteria].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)).map(([p, c]) => `${p}=${[...c].sort().join(',')}`).join(';') : '';
  return `${FEATURES_VERSION}:${text.length}:${hash(text)}:${hash(tags)}`;
}

/** The index's reports (those with a stamp in `stamps`) as cache bytes. */
export function writeIndexCache(index: ParagraphIndex, stamps: ReadonlyMap<string, string>): Uint8Array {
  const table = index.termTable();
  const used = new Map<number, number>();
  const terms: string[] = [];
  const header: CacheHeader = { version: FEATURES_VERSION, terms, reports: [] };
  const all: StoredTerms[] = [];
  for (const file of index.files()) {
    const stamp = stamps.get(file);
    const info = index.report(file);
    if (stamp === undefined || !info) continue;
    const stored = index.storedTerms(file);
    header.reports.push({
      file,
      stamp,
      localAuthority: info.localAuthority,
      reportKind: info.reportKind,
      date: info.date,
      paragraphs: info.paragraphs.map((p, k): CachedParagraph => [p.id, p.number, p.startLine, p.endLine, p.criteria, stored[k].ids.length]),
    });
    for (const t of stored) {
      // Renumber into a table holding only the terms these reports use.
      const ids = t.ids.map((id) => {
        let n = used.get(id);
        if (n === undefined) {
          used.set(id, (n = terms.length));
          terms.push(table[id]);
        }
        return n;
      });
      all.push({ ids, counts: t.counts, polarities: t.polarities });
    }
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const total = all.reduce((n, t) => n + t.ids.length, 0);
  const start = Math.ceil((8 + 4 + json.length) / 4) * 4;
  const bytes = new Uint8Array(start + total * 4 + total * 2 + total);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(8, json.length, true);
  bytes.set(json, 12);
  const ids = new Int32Array(bytes.buffer, start, total);
  const counts = new Uint16Array(bytes.buffer, start + total * 4, total);
  const polarities = new Int8Array(bytes.buffer, start + total * 6, total);
  let at = 0;
  for (const t of all) {
    ids.set(t.ids, at);
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
 * one (wrong magic, another version, cut short) loads nothing and says why; it never throws.
 */
export function readIndexCache(bytes: Uint8Array, index: ParagraphIndex, isCurrent: (file: string, stamp: string) => boolean): CacheReadResult {
  const fail = (problem: string): CacheReadResult => ({ loaded: [], problem });
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) return fail('not a recurrence index cache');
  // The typed arrays below need the data aligned as written; a copy is aligned.
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
  if (header.version !== FEATURES_VERSION) return fail(`the cache was written by another version (${String(header.version)})`);
  if (!Array.isArray(header.terms) || !Array.isArray(header.reports)) return fail('the cache header is incomplete');
  const total = header.reports.reduce((n, r) => n + r.paragraphs.reduce((m, p) => m + p[5], 0), 0);
  const start = own.byteOffset + Math.ceil((12 + length) / 4) * 4;
  if (start - own.byteOffset + total * 7 > own.length) return fail('the cache is cut short');
  const ids = new Int32Array(own.buffer, start, total);
  const counts = new Uint16Array(own.buffer, start + total * 4, total);
  const polarities = new Int8Array(own.buffer, start + total * 6, total);
  const remap = new Int32Array(header.terms.length).fill(-1);
  const loaded: string[] = [];
  let at = 0;
  for (const r of header.reports) {
    const size = r.paragraphs.reduce((m, p) => m + p[5], 0);
    if (!isCurrent(r.file, r.stamp)) {
      at += size;
      continue;
    }
    const paragraphs: IndexedParagraph[] = [];
    const terms: StoredTerms[] = [];
    for (const [id, number, startLine, endLine, criteria, n] of r.paragraphs) {
      paragraphs.push({ id, number, startLine, endLine, criteria });
      const mappedIds = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const cached = ids[at + i];
        if (cached < 0 || cached >= remap.length) return { loaded, problem: 'the cache refers to a term it does not hold' };
        let mapped = remap[cached];
        if (mapped < 0) mapped = remap[cached] = index.termId(header.terms[cached]);
        mappedIds[i] = mapped;
      }
      terms.push({ ids: mappedIds, counts: counts.slice(at, at + n), polarities: polarities.slice(at, at + n) });
      at += n;
    }
    const info: IndexedReport = { file: r.file, localAuthority: r.localAuthority, reportKind: r.reportKind, date: r.date, paragraphs };
    const generation = index.termTableGeneration;
    index.setStoredReport(info, terms);
    if (index.termTableGeneration !== generation) remap.fill(-1);
    loaded.push(r.file);
  }
  return { loaded, problem: null };
}
