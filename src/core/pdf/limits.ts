/**
 * Limits on what one PDF may cost to import. A PDF is small on disk and can still ask for far
 * more: a content stream that inflates a thousandfold, hundreds of pages drawing one stream, or
 * a page of hundreds of thousands of lines. Each PDF is held to a budget of decompressed content,
 * pages and time, and refused, by name and with the reason, when it goes past one.
 */
import { Unzlib } from 'fflate';

export interface PdfLimits {
  /** Most bytes the file's compressed streams may inflate to; the text read from its pages is held to a sixteenth of it. */
  maxContentBytes: number;
  /** Most pages. */
  maxPages: number;
  /** Most milliseconds for reading, laying out and parsing one PDF. */
  timeoutMs: number;
}

export const DEFAULT_PDF_LIMITS: Readonly<PdfLimits> = Object.freeze({
  maxContentBytes: 64 * 1024 * 1024,
  maxPages: 2000,
  timeoutMs: 60_000,
});

/** The limits with any missing or unusable value taken from the defaults. */
export function pdfLimits(given: Partial<PdfLimits> = {}): PdfLimits {
  const pick = (v: number | undefined, d: number): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : d);
  return {
    maxContentBytes: pick(given.maxContentBytes, DEFAULT_PDF_LIMITS.maxContentBytes),
    maxPages: Math.floor(pick(given.maxPages, DEFAULT_PDF_LIMITS.maxPages)),
    timeoutMs: pick(given.timeoutMs, DEFAULT_PDF_LIMITS.timeoutMs),
  };
}

export function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${mb >= 10 || Number.isInteger(mb) ? mb.toFixed(0) : mb.toFixed(1)} MB`;
}

export function seconds(ms: number): string {
  return ms >= 10_000 || ms % 1000 === 0 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** Compressed bytes fed to the inflater at a time: deflate expands at most about 1,032 times, so one step overshoots the budget by at most 64 KB. */
const STEP = 64;

const STREAM = /stream(?:\r\n|\n|\r)/g;

/**
 * Why a PDF's compressed streams inflate past the content limit, or null when they do not. Scans
 * the file's bytes for `stream` keywords whose dictionary names FlateDecode and inflates each
 * (without keeping the output) until the budget runs out. A stream counts once for every
 * reference to its object in the file (a content stream drawn by 200 pages is read 200 times),
 * and a stream that is not an image may inflate to a sixteenth of the limit at most (a report's
 * page is some kilobytes of operators). References inside compressed object streams are not
 * seen; the time limit covers those. A damaged stream counts what it gave before the damage;
 * pdf.js reports the damage itself.
 */
export function inflatesPast(bytes: Uint8Array, limit: number): string | null {
  // Latin-1 keeps one character per byte, so offsets in the string are offsets in the bytes.
  const text = latin1(bytes);
  const references = new Map<string, number>();
  for (const r of text.matchAll(REFERENCE)) references.set(r[1], (references.get(r[1]) ?? 0) + 1);
  const streamLimit = Math.floor(limit / 16);
  let total = 0;
  STREAM.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = STREAM.exec(text))) {
    const dictStart = text.lastIndexOf('<<', m.index);
    if (dictStart < 0 || m.index - dictStart > 4096 || text.slice(m.index - 3, m.index) === 'end') continue;
    const dict = text.slice(dictStart, m.index);
    if (!/\/FlateDecode|\/Fl\b/.test(dict)) continue;
    const image = /\/Subtype\s*\/Image/.test(dict);
    const object = OBJECT.exec(text.slice(Math.max(0, dictStart - 32), dictStart));
    const uses = Math.max(1, object ? (references.get(`${object[1]} ${object[2]}`) ?? 0) : 1);
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    const stop = end < 0 ? bytes.length : end;
    const budget = Math.min(image ? limit : streamLimit, Math.floor((limit - total) / uses));
    const size = inflatedLength(bytes.subarray(start, stop), budget);
    if (!image && size > streamLimit) return `a content stream inflates to more than ${megabytes(streamLimit)} (a sixteenth of ${megabytes(limit)})`;
    total += size * uses;
    if (total > limit) return uses > 1 ? `its compressed content, read once for each of the ${uses} places that use a stream, inflates to more than ${megabytes(limit)}` : `its compressed content inflates to more than ${megabytes(limit)}`;
    STREAM.lastIndex = stop;
  }
  return null;
}

/** An indirect reference, "12 0 R". */
const REFERENCE = /\b(\d{1,10} \d{1,5}) R\b/g;
/** The "12 0 obj" that opens an object, just before its dictionary. */
const OBJECT = /(\d{1,10})\s+(\d{1,5})\s+obj\s*$/;

/** Bytes a zlib stream inflates to, counting stops once past `budget`. */
function inflatedLength(data: Uint8Array, budget: number): number {
  let out = 0;
  let failed = false;
  const inflater = new Unzlib((chunk) => {
    out += chunk.length;
  });
  for (let i = 0; i < data.length && out <= budget && !failed; i += STEP) {
    try {
      inflater.push(data.subarray(i, Math.min(data.length, i + STEP)), false);
    } catch {
      failed = true;
    }
  }
  return out;
}

function latin1(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += 8192) parts.push(String.fromCharCode.apply(null, Array.from(bytes.subarray(i, i + 8192))));
  return parts.join('');
}

/** A point in time past which the import of one PDF stops. */
export class Deadline {
  private readonly end: number;

  constructor(
    readonly ms: number,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.end = now() + ms;
  }

  get passed(): boolean {
    return this.now() > this.end;
  }

  get remaining(): number {
    return Math.max(0, this.end - this.now());
  }
}
