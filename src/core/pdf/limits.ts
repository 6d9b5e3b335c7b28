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

/** Compressed bytes fed to the inflater at a time: deflate expands at most about 1,032 times, so one step overshoots the budget by at most 64 KB. */
const STEP = 64;

const STREAM = /stream(?:\r\n|\n|\r)/g;

/**
 * Whether the Flate-compressed streams of a PDF inflate to more than `limit` bytes in all. Scans
 * the file's bytes for `stream` keywords whose dictionary names FlateDecode and inflates each
 * (without keeping the output) until the budget runs out. A stream that is damaged counts what
 * it gave before the damage; pdf.js reports the damage itself.
 */
export function inflatesPast(bytes: Uint8Array, limit: number): boolean {
  // Latin-1 keeps one character per byte, so offsets in the string are offsets in the bytes.
  const text = latin1(bytes);
  let total = 0;
  STREAM.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = STREAM.exec(text))) {
    const dictStart = text.lastIndexOf('<<', m.index);
    if (dictStart < 0 || m.index - dictStart > 4096 || text.slice(m.index - 9, m.index) === 'end') continue;
    const dict = text.slice(dictStart, m.index);
    if (!/\/FlateDecode|\/Fl\b/.test(dict)) continue;
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    const stop = end < 0 ? bytes.length : end;
    total += inflatedLength(bytes.subarray(start, stop), limit - total);
    if (total > limit) return true;
    STREAM.lastIndex = stop;
  }
  return false;
}

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
