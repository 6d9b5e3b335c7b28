/**
 * Reads a Markdown report with unified + remark-parse: headings become section headings, ordered
 * list items become numbered paragraphs (with the number printed in the source), other list items
 * bullets, and pipe-table rows "| label | grade |" judgement rows.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import { LineIndex } from '../range';
import { Block, ReadResult, unwrap } from './blocks';
import { readPlainText } from './plainText';

interface MdNode {
  type: string;
  value?: string;
  ordered?: boolean | null;
  children?: MdNode[];
  position?: { start: { offset?: number }; end: { offset?: number } };
}

const parser = unified().use(remarkParse);

export function readMarkdown(text: string, index: LineIndex): ReadResult {
  const blocks: Block[] = [];
  let budget = REMARK_BUDGET;
  for (const chunk of markdownChunks(text, index)) {
    budget -= chunk.end - chunk.start;
    if (chunk.plain || budget < 0) readAsPlainText(text, chunk, blocks);
    else readChunk(text, index, chunk.start, chunk.end, blocks);
  }
  return { blocks, signatory: null, letterDate: null };
}

/** One part of a Markdown text, read on its own: `start` and `end` are offsets at line starts. */
export interface MarkdownChunk {
  start: number;
  end: number;
  startLine: number;
  endLine: number;
  /** Too deeply nested, or too long without a place to cut: read as plain text (remark would take quadratic time). */
  plain: boolean;
}

/**
 * A chunk is cut at the first safe place after this many characters: micromark is fastest per
 * character on parts of a few thousand characters, and slower on longer ones for heading- and
 * list-dense text.
 */
const CHUNK_TARGET = 4_000;
/**
 * Characters of a text read with remark; the rest is read as plain text. Micromark reads about
 * half a megabyte to a few megabytes a second, so this bounds a Markdown file's parse at a few
 * seconds. A report is some tens of kilobytes.
 */
const REMARK_BUDGET = 1_000_000;
/** A chunk this long with no safe place to cut is read as plain text. */
const CHUNK_LIMIT = 128_000;
/** Containers (quote marks, list markers, two columns of indentation) a line may open before its chunk is read as plain text. */
const NESTING_LIMIT = 24;

const HTML_END: [RegExp, RegExp][] = [
  [/^<(?:script|pre|style|textarea)(?:[\s>]|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^<!--/, /-->/],
  [/^<\?/, /\?>/],
  [/^<![A-Za-z]/, />/],
  [/^<!\[CDATA\[/, /\]\]>/],
];

/**
 * Cuts a Markdown text into parts that parse the same on their own, in one pass over its lines:
 * before a line at the left margin that follows a blank line, or an ATX heading at the margin,
 * never inside a fenced code block or an HTML block. Such a line ends every open container
 * (list item, block quote, paragraph), so the parts together give the blocks the whole would.
 * Micromark's time grows faster than the length of what it reads for some shapes (many setext
 * headings, deep nesting): parts of bounded length keep the whole linear. Link reference
 * definitions apply only within their part.
 */
export function markdownChunks(text: string, index: LineIndex): MarkdownChunk[] {
  const chunks: MarkdownChunk[] = [];
  const lines = index.lineCount;
  let chunkStart = 0;
  let chunkLine = 0;
  let deep = false;
  let prevBlank = true;
  /** The open fence's character and length, or null. */
  let fence: { char: number; length: number } | null = null;
  /** The end marker of an open HTML block, 'blank' for one that ends at a blank line, or null. */
  let html: RegExp | 'blank' | null = null;
  const cut = (line: number): void => {
    const end = line < lines ? index.lineStarts[line] : text.length;
    if (end > chunkStart) chunks.push({ start: chunkStart, end, startLine: chunkLine, endLine: line - 1, plain: deep || end - chunkStart > CHUNK_LIMIT });
    chunkStart = end;
    chunkLine = line;
    deep = false;
  };
  for (let line = 0; line < lines; line++) {
    const ls = index.lineStarts[line];
    const le = index.lineEnds[line];
    // Leading indentation (columns) and the first character after it.
    let p = ls;
    let columns = 0;
    while (p < le && columns < 8) {
      const c = text.charCodeAt(p);
      if (c === 32) columns++;
      else if (c === 9) columns += 4 - (columns % 4);
      else break;
      p++;
    }
    const blank = isBlankFrom(text, p, le);
    if (blank) {
      if (html === 'blank') html = null;
      prevBlank = true;
      continue;
    }
    const first = text.charCodeAt(p);
    if (fence) {
      if (columns < 4 && first === fence.char && runLength(text, p, le, first) >= fence.length && isBlankFrom(text, p + runLength(text, p, le, first), le)) fence = null;
      prevBlank = false;
      continue;
    }
    if (html && html !== 'blank') {
      if (html.test(text.slice(ls, le))) html = null;
      prevBlank = false;
      continue;
    }
    const atMargin = columns === 0;
    const atxHeading = atMargin && first === 35 /* # */ && isAtxHeading(text, p, le);
    if (!html && atMargin && (prevBlank || atxHeading)) {
      if (ls - chunkStart >= CHUNK_TARGET || deep) cut(line);
    }
    prevBlank = false;
    if (!deep && nesting(text, ls, le) > NESTING_LIMIT) deep = true;
    if (columns < 4 && (first === 96 || first === 126) /* ` ~ */) {
      const run = runLength(text, p, le, first);
      if (run >= 3) fence = { char: first, length: run };
    } else if (columns < 4 && first === 60 /* < */) {
      const rest = text.slice(p, Math.min(le, p + 16));
      const type = HTML_END.find(([open]) => open.test(rest));
      html = type ? (type[1].test(text.slice(p + 2, le)) ? null : type[1]) : 'blank';
    }
  }
  cut(lines);
  return chunks;
}

function isBlankFrom(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

function runLength(text: string, from: number, to: number, char: number): number {
  let i = from;
  while (i < to && text.charCodeAt(i) === char) i++;
  return i - from;
}

function isAtxHeading(text: string, from: number, to: number): boolean {
  const run = runLength(text, from, to, 35);
  if (run > 6) return false;
  const after = from + run;
  return after === to || text.charCodeAt(after) === 32 || text.charCodeAt(after) === 9;
}

/** How many containers a line's start opens: quote marks, list markers and pairs of indenting columns (counting stops past the limit). */
function nesting(text: string, from: number, to: number): number {
  let depth = 0;
  let spaces = 0;
  let i = from;
  while (i < to && depth <= NESTING_LIMIT) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      spaces++;
      if (spaces === 2) {
        depth++;
        spaces = 0;
      }
      i++;
    } else if (c === 9) {
      depth += 2;
      i++;
    } else if (c === 62 /* > */) {
      depth++;
      i++;
    } else if ((c === 45 || c === 42 || c === 43) && (i + 1 === to || text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 9)) {
      depth++;
      i++;
    } else if (c >= 48 && c <= 57) {
      let j = i;
      while (j < to && j - i < 9 && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
      const d = text.charCodeAt(j);
      if ((d === 46 || d === 41) && (j + 1 === to || text.charCodeAt(j + 1) === 32 || text.charCodeAt(j + 1) === 9)) {
        depth++;
        i = j + 1;
      } else break;
    } else break;
  }
  return depth;
}

/** A chunk that remark would take too long over, read by the plain-text reader (its lines are the text's own, so ranges only shift by lines). */
function readAsPlainText(text: string, chunk: MarkdownChunk, blocks: Block[]): void {
  const part = text.slice(chunk.start, chunk.end);
  if (part.trim().length === 0) return;
  const read = readPlainText(part, new LineIndex(part));
  const shift = chunk.startLine;
  for (const b of read.blocks) {
    const range = { start: { line: b.range.start.line + shift, character: b.range.start.character }, end: { line: b.range.end.line + shift, character: b.range.end.character } };
    blocks.push({ kind: b.kind, number: b.number, text: b.text, range, startLine: b.startLine + shift, endLine: b.endLine + shift });
  }
}

function readChunk(text: string, index: LineIndex, from: number, to: number, blocks: Block[]): void {
  const root = parser.parse(text.slice(from, to)) as unknown as MdNode;

  const push = (kind: Block['kind'], node: MdNode, number: number | null, startOffset?: number): void => {
    const content = unwrap([plain(node)]);
    if (!content || !node.position) return;
    const start = index.positionAt(from + (startOffset ?? node.position.start.offset ?? 0));
    const end = index.positionAt(from + (node.position.end.offset ?? 0));
    blocks.push({ kind, number, text: content, range: { start, end }, startLine: start.line, endLine: end.line });
  };

  const visit = (node: MdNode): void => {
    switch (node.type) {
      case 'heading':
        push('heading', node, null);
        return;
      case 'paragraph':
        if (!tableRows(node, text, index, blocks, from)) push('paragraph', node, null);
        return;
      case 'list':
        for (const item of node.children ?? []) {
          const itemStart = item.position?.start.offset ?? 0;
          let number: number | null = null;
          if (node.ordered) {
            const m = /^\s*(\d{1,4})[.)]/.exec(text.slice(from + itemStart, from + itemStart + 8));
            number = m ? parseInt(m[1], 10) : null;
          }
          let first = true;
          for (const child of item.children ?? []) {
            if (child.type === 'paragraph' && first) {
              push(node.ordered ? 'paragraph' : 'bullet', child, number, itemStart);
            } else {
              visit(child);
            }
            first = false;
          }
        }
        return;
      case 'blockquote':
      case 'root':
        for (const c of node.children ?? []) visit(c);
        return;
      default:
        return;
    }
  };
  visit(root);
}

function plain(node: MdNode): string {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value ?? '';
  if (node.type === 'break') return ' ';
  if (!node.children) return '';
  let s = '';
  for (const c of node.children) s += plain(c);
  return s;
}

/** A paragraph made of "| a | b |" lines: each row becomes blocks of its cells. */
function tableRows(node: MdNode, text: string, index: LineIndex, blocks: Block[], base: number): boolean {
  const from = base + (node.position?.start.offset ?? 0);
  const to = base + (node.position?.end.offset ?? 0);
  const source = text.slice(from, to);
  if (!source.trimStart().startsWith('|')) return false;
  const startLine = index.positionAt(from).line;
  const endLine = index.positionAt(to).line;
  for (let line = startLine; line <= endLine; line++) {
    const lineText = index.lineText(line);
    if (/^\s*\|?\s*:?-{2,}/.test(lineText)) continue;
    const re = /\|([^|]*)/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(lineText))) {
      const cell = m[1];
      const trimmed = cell.trim();
      if (!trimmed) continue;
      const startChar = m.index + 1 + cell.indexOf(trimmed);
      blocks.push({
        kind: 'heading',
        number: null,
        text: trimmed.replace(/\*\*|__/g, ''),
        range: { start: { line, character: startChar }, end: { line, character: startChar + trimmed.length } },
        startLine: line,
        endLine: line,
      });
    }
  }
  return true;
}
