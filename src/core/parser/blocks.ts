/** The intermediate form both readers (plain text and Markdown) produce and the analysis reads. */
import type { ParagraphKind } from '../model';
import type { Range } from '../range';

/** A run of characters on one line that is part of a block's text. */
export interface Piece {
  line: number;
  start: number;
  end: number;
}

export interface Block {
  kind: ParagraphKind;
  number: number | null;
  /** The text with line-wrapping undone. */
  text: string;
  /** From the block's marker (paragraph number or bullet), or its first character, to its last character. */
  range: Range;
  startLine: number;
  endLine: number;
  /** The source pieces the text was unwrapped from (plain text only). */
  pieces?: Piece[];
}

export interface ReadResult {
  blocks: Block[];
  /** Letter signatory found while skipping a letter's closing, if any. */
  signatory: string | null;
  /** Date line found at the head of a letter, if any. */
  letterDate: string | null;
}

/**
 * Joins wrapped line pieces: a space between them, none after a hyphen that ends a word.
 * `clean` says the caller knows no part holds whitespace other than single inner spaces, which
 * spares the check.
 */
export function unwrap(parts: string[], clean = false): string {
  let out = '';
  // The text ends with the last part added: test that (a short flat string), not the growing result.
  let last = '';
  for (const raw of parts) {
    const part = clean ? raw : collapseSpace(raw);
    if (!part) continue;
    if (!out) out = part;
    else if (endsWithWordHyphen(last) && isLowerAscii(part.charCodeAt(0))) out += part;
    else out += ' ' + part;
    last = part;
  }
  return out;
}

const SPACE_RUN = /\s+/g;

/** The text with every run of whitespace made one space, trimmed. */
function collapseSpace(text: string): string {
  return needsCollapse(text) ? text.replace(SPACE_RUN, ' ').trim() : text;
}

/** Whitespace other than the ASCII space, or two spaces in a row. */
const ODD_SPACE = /[\t-\r\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]| {2}/;

/** Whether the text has whitespace other than single ASCII spaces between other characters. */
function needsCollapse(text: string): boolean {
  const n = text.length;
  if (n === 0) return false;
  if (isSpaceCode(text.charCodeAt(0)) || isSpaceCode(text.charCodeAt(n - 1))) return true;
  return ODD_SPACE.test(text);
}

/** The characters `\s` matches. */
function isSpaceCode(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || (c >= 127 && isUnicodeSpace(c));
}

function endsWithWordHyphen(text: string): boolean {
  const n = text.length;
  if (n < 2 || text.charCodeAt(n - 1) !== 45 /* - */) return false;
  const c = text.charCodeAt(n - 2) | 0x20;
  return c >= 97 && c <= 122;
}

function isLowerAscii(c: number): boolean {
  return c >= 97 && c <= 122;
}

/** The characters above ASCII that `\s` matches. */
function isUnicodeSpace(c: number): boolean {
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}
