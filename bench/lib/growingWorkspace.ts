/**
 * A workspace of many distinct reports made from the real ones, for the recurrence scale benchmark.
 *
 * Report i starts from real report `i mod n`, then some of its lower-case words (one in
 * `REPLACED`) are replaced by words of a vocabulary that grows with the workspace as a real one does
 * (Heaps' law: after i reports it holds `K * i^BETA` words, drawn by a Zipf law, so a few new words
 * recur often and most are rare), and its paragraphs are rotated within each section-free run so
 * that no two reports are the same text. Every report keeps its real structure (title, authority,
 * dates, numbered paragraphs), so the parser reads it as it reads the real one.
 */

import { seeded } from './common';

/** Share of words replaced. */
const REPLACED = 0.07;
/** Heaps' law: distinct new words after i reports. */
const K = 60;
const BETA = 0.7;
/** Zipf exponent of the new words' frequencies. */
const ZIPF = 1.05;

const ONSETS = ['b', 'c', 'd', 'f', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'br', 'cl', 'dr', 'gr', 'pl', 'st', 'tr'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'ou'];

/** The k-th word of the growing vocabulary (a pronounceable non-word, the same for every run). */
export function growingWord(k: number): string {
  let n = k + 1;
  let w = '';
  do {
    w += ONSETS[n % ONSETS.length] + VOWELS[Math.floor(n / ONSETS.length) % VOWELS.length];
    n = Math.floor(n / (ONSETS.length * VOWELS.length));
  } while (n > 0);
  return `${w}x`;
}

/** A Zipf-distributed rank below `size` (inverse transform on the continuous approximation). */
function zipf(next: () => number, size: number): number {
  const u = next();
  const s = ZIPF;
  const h = (x: number): number => (Math.pow(x, 1 - s) - 1) / (1 - s);
  const r = Math.pow(u * h(size + 1) * (1 - s) + 1, 1 / (1 - s));
  return Math.min(size - 1, Math.max(0, Math.floor(r) - 1));
}

/**
 * `count` distinct report texts from `corpus`; `authorities[j]` is the authority corpus report j is
 * about (or null), and `names` the authorities copies are given.
 */
export function growingWorkspace(corpus: readonly string[], count: number, authorities: readonly (string | null)[] = [], names: readonly string[] = []): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const next = seeded(1000 + i);
    const size = Math.max(1, Math.floor(K * Math.pow(i + 1, BETA)));
    const j = i % corpus.length;
    const copy = Math.floor(i / corpus.length);
    let base = corpus[j];
    const own = authorities[j];
    if (copy > 0 && own && names.length > 0) base = base.split(own).join(names[(j * 7 + copy * 31) % names.length]);
    const variant = base.replace(/\b[a-z]{5,}\b/g, (word) => (next() < REPLACED ? growingWord(zipf(next, size)) : word));
    // Blank-line separated blocks after the first fifth rotate by a report-specific amount, so that
    // copies of one real report differ in order as well as in words.
    const blocks = variant.split(/\n\s*\n/);
    const head = Math.max(1, Math.floor(blocks.length / 5));
    const tail = blocks.slice(head);
    const shift = tail.length > 0 ? Math.floor(next() * tail.length) : 0;
    out.push([...blocks.slice(0, head), ...tail.slice(shift), ...tail.slice(0, shift)].join('\n\n'));
  }
  return out;
}
