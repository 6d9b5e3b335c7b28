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
  /** Markdown heading depth, or 0. */
  depth: number;
  /** The source pieces the text was unwrapped from (plain text only). */
  pieces?: Piece[];
}

export interface ReadResult {
  blocks: Block[];
  /** Letter signatory found while skipping a letter's closing, if any. */
  signatory: string | null;
  /** Date line found at the head of a letter, if any. */
  letterDate: string | null;
  /** Problems the reader tolerated. */
  warnings: string[];
}

/** Joins wrapped line pieces: a space between them, none after a hyphen that ends a word. */
export function unwrap(parts: string[]): string {
  let out = '';
  for (const raw of parts) {
    const part = collapseSpace(raw);
    if (!part) continue;
    if (!out) out = part;
    else if (endsWithWordHyphen(out) && isLowerAscii(part.charCodeAt(0))) out += part;
    else out += ' ' + part;
  }
  return out;
}

const SPACE_RUN = /\s+/g;
const SPACE = /\s/;

/** The text with every run of whitespace made one space, trimmed. */
function collapseSpace(text: string): string {
  return needsCollapse(text) ? text.replace(SPACE_RUN, ' ').trim() : text;
}

/**
 * Whether the text has whitespace other than single ASCII spaces between other characters. A fast
 * scan: ASCII characters are decided directly, anything else by the `\s` class itself.
 */
function needsCollapse(text: string): boolean {
  const n = text.length;
  if (n === 0) return false;
  let prevSpace = true; // a space at the start needs trimming
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      if (prevSpace) return true;
      prevSpace = true;
    } else if (c < 32 || (c >= 127 && SPACE.test(text[i]))) {
      return true;
    } else {
      prevSpace = false;
    }
  }
  return prevSpace;
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
