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
    const part = raw.replace(/\s+/g, ' ').trim();
    if (!part) continue;
    if (!out) out = part;
    else if (/[A-Za-z]-$/.test(out) && /^[a-z]/.test(part)) out += part;
    else out += ' ' + part;
  }
  return out;
}
