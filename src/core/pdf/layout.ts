/**
 * Layout analysis: from the positioned text items of a report's pages to Markdown. Items become
 * lines (by baseline), lines become blocks (by spacing, indentation, font and size), and blocks are
 * told apart: headings (bigger or in a font other than the body's), numbered paragraphs, bullets,
 * the judgement table (label cells beside a column of grades), footnotes. Running headers and
 * footers (text repeated at the same place on many pages) and page numbers are dropped, as is a
 * contents page; paragraphs broken by a page end are joined again, and words broken by a hyphen
 * at a line end are mended.
 */
import type { PdfPage, PdfTextItem } from './extract';

/** A line of text: the items sharing a baseline, left to right. */
export interface Line {
  page: number;
  y: number;
  /** Left edge of the first item and right edge of the last. */
  x: number;
  right: number;
  /** The size most of the line's characters have (superscripts do not count). */
  size: number;
  /** The font most of the line's characters are in. */
  font: string;
  /** Share of the line's characters in the document's body font, 0 to 1. */
  bodyShare: number;
  text: string;
  /** Runs separated by wide gaps (table cells, a number and its paragraph, a label and its value). */
  cells: Cell[];
  /** The raised footnote number that opens the line, if any. */
  note?: string;
}

export interface Cell {
  x: number;
  right: number;
  text: string;
}

export type BlockKind = 'heading' | 'paragraph' | 'numbered' | 'bullet' | 'table' | 'footnote';

export interface LayoutBlock {
  kind: BlockKind;
  /** Heading level 1 to 3. */
  level?: number;
  /** The printed paragraph number. */
  number?: number;
  /** The footnote's number. */
  note?: string;
  /** Text with the line wrapping undone. */
  text: string;
  /** Table rows (label, grade), header first when printed. */
  rows?: string[][];
  /** The printed lines of a block of short lines (an address, a signature), kept as lines. */
  lineTexts?: string[];
  page: number;
  size: number;
  /** Left edge of the block's first line. */
  x: number;
  /** Baselines of the first and last lines. */
  top: number;
  bottom: number;
}

/** Statistics of the whole document used by every step. */
interface Doc {
  bodySize: number;
  /** The body text's font and the fonts that share its lines. */
  bodyFonts: Set<string>;
  /** Size of the biggest text on the first page (the title). */
  titleSize: number;
  /** Words seen in the document, for deciding whether a line-end hyphen belongs to the word. */
  words: Set<string>;
}

const BULLET = /^[\u2022\u25aa\u25a0\u25fc\u25cf\u25e6\u25cb\u2023\u2219\u00b7\u2043\u27a2\u2713\u2714\u2212\u2013*o-]$|^[\ue000-\uf8ff]$/;
const GRADE_CELL =
  /^(?:outstanding|good|adequate|inadequate|requires improvement(?: to be good)?)(?:\s*\(grade [1-4]\))?$|^grade [1-4]\s*\((?:outstanding|good|adequate|inadequate)\)$/i;
const NUMBERED = /^(\d{1,3})\.(?:\s+|(?=[A-Z‘“'"(]))/;
/** Cover-page lines that state a fact about the report, in bold or not: not headings. */
const COVER_LABEL = /^(?:inspection dates?|dates? of inspection|lead inspector|reporting inspector|report published|publication date|published|age group)\b[^:]{0,20}:/i;
const ENDS_SENTENCE = /[.!?:]["'’”)]*$/;
const PAGE_NUMBER = /^(?:page\s+)?\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?$/i;

/** Pages to Markdown body text (no front matter). Returns '' when the pages hold no text. */
export function layoutToMarkdown(pages: PdfPage[]): string {
  return renderMarkdown(layoutBlocks(pages));
}

/** Pages to blocks, in reading order, footnotes last. */
export function layoutBlocks(pages: PdfPage[]): LayoutBlock[] {
  const doc = documentStats(pages);
  const pageLines = pages.map((p) => toLines(p, doc));
  dropRunningText(pageLines, pages);
  const body: LayoutBlock[] = [];
  const notes: LayoutBlock[] = [];
  for (let i = 0; i < pageLines.length; i++) {
    let lines = dropContents(pageLines[i]);
    const split = splitFootnotes(lines, doc);
    lines = split.body;
    for (const n of split.notes) notes.push(n);
    const prev = body[body.length - 1];
    const open = prev !== undefined && prev.kind !== 'heading' && prev.kind !== 'table' && !ENDS_SENTENCE.test(prev.text);
    const blocks = toBlocks(lines, pages[i], doc, open);
    joinAcrossPage(body, blocks, pages[i].height, pages[i - 1]?.height ?? pages[i].height);
  }
  return [...body.filter((b) => b.text.trim() || b.rows), ...notes];
}

function documentStats(pages: PdfPage[]): Doc {
  const sizeChars = new Map<number, number>();
  const fontChars = new Map<string, number>();
  const words = new Set<string>();
  // Running headers and footers at the page edges would tip the balance in a short report: leave them out.
  const inner = (p: PdfPage, it: PdfTextItem): boolean => it.y <= p.height * 0.88 && it.y >= p.height * 0.12;
  for (const p of pages) {
    for (const it of p.items) {
      const n = it.text.trim().length;
      if (!n || !inner(p, it)) continue;
      const s = Math.round(it.size * 2) / 2;
      sizeChars.set(s, (sizeChars.get(s) ?? 0) + n);
      for (const w of it.text.toLowerCase().match(/[a-z]+(?:-[a-z]+)*/g) ?? []) words.add(w);
    }
  }
  const bodySize = maxKey(sizeChars) ?? 12;
  for (const p of pages) {
    for (const it of p.items) {
      if (Math.abs(it.size - bodySize) > 0.6 || !inner(p, it)) continue;
      fontChars.set(it.font, (fontChars.get(it.font) ?? 0) + it.text.trim().length);
    }
  }
  // Fonts that mostly share lines with the body font are the body face too (subsets split by glyph).
  const bodyFonts = new Set<string>();
  const bodyFont = maxKey(fontChars) ?? '';
  const inBody = new Map<string, number>();
  const total = new Map<string, number>();
  for (const p of pages) {
    const rows = new Map<number, PdfTextItem[]>();
    for (const it of p.items) {
      if (!it.text.trim()) continue;
      const k = Math.round(it.y / 3);
      const row = rows.get(k);
      if (row) row.push(it);
      else rows.set(k, [it]);
    }
    for (const row of rows.values()) {
      const chars = new Map<string, number>();
      for (const it of row) chars.set(it.font, (chars.get(it.font) ?? 0) + it.text.trim().length);
      const major = maxKey(chars);
      for (const [f, n] of chars) {
        total.set(f, (total.get(f) ?? 0) + n);
        if (major === bodyFont) inBody.set(f, (inBody.get(f) ?? 0) + n);
      }
    }
  }
  for (const [f, n] of total) if ((inBody.get(f) ?? 0) >= n * 0.5) bodyFonts.add(f);
  bodyFonts.add(bodyFont);
  let titleSize = bodySize;
  for (const it of pages[0]?.items ?? []) if (it.text.trim() && it.size > titleSize) titleSize = it.size;
  return { bodySize, bodyFonts, titleSize, words };
}

function maxKey<K>(m: Map<K, number>): K | undefined {
  let best: K | undefined;
  let count = -1;
  for (const [k, c] of m) if (c > count) [best, count] = [k, c];
  return best;
}

/** Items on one baseline (within a tolerance that lets superscripts join their line). */
function toLines(page: PdfPage, doc: Doc): Line[] {
  const sorted = page.items.filter((it) => it.text.trim()).sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: PdfTextItem[][] = [];
  for (const it of sorted) {
    // Join the line whose baseline is nearest, when near enough; otherwise start a new line.
    let best: PdfTextItem[] | null = null;
    let bestDy = Infinity;
    for (let g = groups.length - 1; g >= 0 && g >= groups.length - 4; g--) {
      const ref = mainItem(groups[g]);
      const dy = Math.abs(ref.y - it.y);
      const tol = 0.45 * Math.max(ref.size, it.size, 1);
      if (dy <= tol && dy < bestDy && !overlapsHorizontally(groups[g], it)) {
        best = groups[g];
        bestDy = dy;
      }
    }
    if (best) best.push(it);
    else groups.push([it]);
  }
  const lines = groups.map((g) => makeLine(page.number, g, doc));
  lines.sort((a, b) => b.y - a.y || a.x - b.x);
  return lines;
}

/** The item that sets a line's baseline: its biggest. */
function mainItem(items: PdfTextItem[]): PdfTextItem {
  let m = items[0];
  for (const it of items) if (it.size > m.size) m = it;
  return m;
}

function overlapsHorizontally(items: PdfTextItem[], it: PdfTextItem): boolean {
  for (const o of items) {
    const overlap = Math.min(o.x + o.width, it.x + it.width) - Math.max(o.x, it.x);
    if (overlap > Math.min(o.width, it.width) * 0.6 && overlap > 1) return true;
  }
  return false;
}

function makeLine(page: number, group: PdfTextItem[], doc: Doc): Line {
  group.sort((a, b) => a.x - b.x);
  const main = mainItem(group);
  // Superscripts: small runs raised above the line's baseline. Footnote markers are dropped from the text.
  const isSup = (it: PdfTextItem): boolean => it.size < main.size * 0.8 && it.y > main.y + main.size * 0.15;
  const sizeChars = new Map<number, number>();
  const fontChars = new Map<string, number>();
  let bodyChars = 0;
  let allChars = 0;
  for (const it of group) {
    const n = it.text.trim().length;
    if (isSup(it)) continue;
    const s = Math.round(it.size * 2) / 2;
    sizeChars.set(s, (sizeChars.get(s) ?? 0) + n);
    fontChars.set(it.font, (fontChars.get(it.font) ?? 0) + n);
    allChars += n;
    if (doc.bodyFonts.has(it.font)) bodyChars += n;
  }
  const size = maxKey(sizeChars) ?? main.size;
  const cells: Cell[] = [];
  let cell: Cell | null = null;
  let prevRight = -Infinity;
  let prevText = '';
  const first = group.find((it) => !isSup(it)) ?? group[0];
  let note: string | undefined;
  for (const it of group) {
    const sup = isSup(it);
    // A raised number is a footnote mark: at the start of a line it opens the footnote (kept as
    // the line's note); inside text it refers to one (left out of the words).
    if (sup && /^\d{1,2}$|^[*†‡]$/.test(it.text.trim())) {
      if (it === group[0]) note = it.text.trim();
      prevRight = Math.max(prevRight, it.x + it.width);
      continue;
    }
    const text = it.text;
    const gap = it.x - prevRight;
    if (!cell || gap > size * 1.6) {
      cell = { x: it.x, right: it.x + it.width, text: text.replace(/^\s+/, '') };
      cells.push(cell);
    } else {
      const needsSpace = gap > size * 0.15 && !/\s$/.test(prevText) && !/^\s/.test(text);
      cell.text += (needsSpace ? ' ' : '') + text;
      cell.right = Math.max(cell.right, it.x + it.width);
    }
    prevRight = Math.max(prevRight, it.x + it.width);
    prevText = text;
  }
  // Soft hyphens only mark where a word may break; inside a line they are noise.
  for (const c of cells) c.text = c.text.replace(/\u00ad(?!$)/g, '').replace(/\s+/g, ' ').trim();
  const nonEmpty = cells.filter((c) => c.text);
  return {
    page,
    y: first.y,
    x: nonEmpty[0]?.x ?? first.x,
    right: nonEmpty.length ? nonEmpty[nonEmpty.length - 1].right : first.x,
    size,
    font: maxKey(fontChars) ?? main.font,
    bodyShare: allChars ? bodyChars / allChars : 0,
    text: nonEmpty.map((c) => c.text).join(' '),
    cells: nonEmpty,
    note,
  };
}

/**
 * Running headers and footers: lines in the top or bottom eighth of a page whose text (digits
 * aside) recurs on at least a third of the pages (and two of them), and page numbers there.
 */
function dropRunningText(pageLines: Line[][], pages: PdfPage[]): void {
  const inBand = (l: Line, p: PdfPage): boolean => l.y > p.height * 0.88 || l.y < p.height * 0.12;
  const key = (l: Line, p: PdfPage): string => `${l.y > p.height / 2 ? 'top' : 'bottom'}|${l.text.replace(/\d+/g, '#').replace(/\s+/g, ' ').toLowerCase()}`;
  const counts = new Map<string, number>();
  pageLines.forEach((lines, i) => {
    const seen = new Set<string>();
    for (const l of lines) if (inBand(l, pages[i])) seen.add(key(l, pages[i]));
    for (const k of seen) counts.set(k, (counts.get(k) ?? 0) + 1);
  });
  const need = Math.max(2, Math.ceil(pages.length / 3));
  pageLines.forEach((lines, i) => {
    const p = pages[i];
    pageLines[i] = lines.filter((l) => {
      if (!inBand(l, p)) return true;
      const t = l.text.trim();
      if (PAGE_NUMBER.test(t)) return false;
      if (pages.length >= 2 && (counts.get(key(l, p)) ?? 0) >= need) return false;
      return true;
    });
  });
}

/** A contents page: "Contents" and the entries after it that end in a page number. */
function dropContents(lines: Line[]): Line[] {
  const at = lines.findIndex((l) => /^(?:table of )?contents$/i.test(l.text.trim()));
  if (at < 0) return lines;
  const rest = lines.slice(at + 1);
  const numbered = rest.filter((l) => l.cells.length >= 2 && /^\d{1,3}$/.test(l.cells[l.cells.length - 1].text));
  if (numbered.length < 3 || numbered.length < rest.length * 0.4) return lines;
  // Entries run until the last line ending in a page number; everything after it is kept.
  const last = lines.lastIndexOf(numbered[numbered.length - 1]);
  return [...lines.slice(0, at), ...lines.slice(last + 1)];
}

/**
 * Footnotes: at the bottom of a page, text smaller than the body that starts with a raised note
 * number. They are taken out of the page so a paragraph running on to the next page stays whole.
 */
function splitFootnotes(lines: Line[], doc: Doc): { body: Line[]; notes: LayoutBlock[] } {
  let start = -1;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.size < doc.bodySize * 0.92 && l.note !== undefined) {
      const rest = lines.slice(i);
      if (rest.every((r) => r.size < doc.bodySize * 0.92)) {
        start = i;
        break;
      }
    }
  }
  if (start < 0) return { body: lines, notes: [] };
  const notes: LayoutBlock[] = [];
  for (const l of lines.slice(start)) {
    if (l.note !== undefined || !notes.length) {
      notes.push({ kind: 'footnote', note: l.note ?? '', text: l.text, page: l.page, size: l.size, x: l.x, top: l.y, bottom: l.y });
    } else {
      const n = notes[notes.length - 1];
      n.text = joinWrapped(n.text, l.text, undefined);
    }
  }
  return { body: lines.slice(0, start), notes };
}

interface Draft extends LayoutBlock {
  lines: Line[];
  /** A grade printed beside a heading. */
  grade?: string;
  /** Left edge of continuation lines. */
  bodyX: number;
  last: Line;
  /** The text in pieces, joined once the block is complete (joining line by line would be quadratic in a long block). */
  parts: string[];
}

function toBlocks(lines: Line[], page: PdfPage, doc: Doc, open: boolean): LayoutBlock[] {
  const tables = findTables(lines, page, doc);
  const out: Draft[] = [];
  const inTable = new Set<number>();
  let cur: Draft | null = null;
  for (let i = 0; i < lines.length; i++) {
    const table = tables.get(i);
    if (table) {
      cur = null;
      out.push({ kind: 'table', text: '', rows: table.rows, page: page.number, size: doc.bodySize, x: lines[i].x, top: lines[i].y, bottom: lines[i].y, lines: [], bodyX: lines[i].x, last: lines[i], parts: [''] });
      for (const t of table.lines) inTable.add(t);
    }
    if (inTable.has(i)) continue;
    const l = lines[i];
    let text = l.text.trim();
    if (!text) continue;
    let heading = isHeadingLine(l, doc);
    // A line in another face but body size, in the flow of an unfinished paragraph, is part of it.
    if (heading && cur && cur.kind !== 'heading' && cur.kind !== 'table' && l.size <= doc.bodySize * 1.12 && !ENDS_SENTENCE.test(cur.text) && cur.last.y - l.y <= l.size * 1.65) heading = false;
    // So is the first line of a page that carries on the previous page's unfinished paragraph.
    if (heading && !out.length && open && l.size <= doc.bodySize * 1.12 && /^[a-z‘'“"(]/.test(text)) heading = false;
    // A grade printed beside a judgement heading (on one of its lines, or centred on them) belongs at the heading's end.
    let sideGrade: string | null = null;
    const lastCell = l.cells[l.cells.length - 1];
    if (heading && l.cells.length >= 2 && GRADE_CELL.test(lastCell.text) && lastCell.x > l.x + page.width * 0.3) {
      sideGrade = lastCell.text;
      text = l.cells.slice(0, -1).map((c) => c.text).join(' ').trim();
    }
    if (cur && cur.kind === 'heading' && GRADE_CELL.test(text) && l.x > cur.x + page.width * 0.3 && cur.last.y - l.y <= l.size * 1.35) {
      cur.grade = text;
      continue;
    }
    // A wrapped line of a numbered paragraph that happens to start with "17." sits at the text's
    // indent, right of where the paragraph's own number stands: it is not a new paragraph.
    const hanging = cur !== null && cur.kind === 'numbered' && l.x > cur.x + 5 && cur.last.y - l.y <= Math.max(l.size, cur.last.size) * 1.65;
    const num = hanging ? null : NUMBERED.exec(text);
    const bullet = l.cells[0] && BULLET.test(l.cells[0].text) && l.cells.length >= 2 ? l.cells[0] : firstCharBullet(text);
    if (cur && continues(cur, l, heading, num !== null, bullet !== null, doc)) {
      if (sideGrade) cur.grade = sideGrade;
      appendWrapped(cur.parts, text, doc);
      cur.lines.push(l);
      cur.last = l;
      cur.bottom = l.y;
      if (cur.lines.length === 2) cur.bodyX = l.x;
      continue;
    }
    let kind: BlockKind = heading ? 'heading' : 'paragraph';
    let body = text;
    let number: number | undefined;
    if (!heading && num) {
      kind = 'numbered';
      number = parseInt(num[1], 10);
      body = text.slice(num[0].length).trim();
    } else if (!heading && bullet) {
      kind = 'bullet';
      body = typeof bullet === 'string' ? text.slice(bullet.length).trim() : l.cells.slice(1).map((c) => c.text).join(' ');
    }
    cur = { kind, text: body, page: page.number, size: l.size, x: l.x, top: l.y, bottom: l.y, lines: [l], bodyX: l.x, last: l, parts: [body] };
    if (number !== undefined) cur.number = number;
    if (sideGrade) cur.grade = sideGrade;
    out.push(cur);
  }
  // Lines of a page's running text reach its right margin; a block of lines that all stop well
  // short of it is an address, a date line or a signature, and keeps its lines.
  let measure = 0;
  for (const l of lines) if (Math.abs(l.size - doc.bodySize) < 0.8 && l.right - l.x > measure) measure = l.right - l.x;
  for (const b of out) {
    if (b.parts.length > 1) b.text = b.parts.join('');
    if (b.kind === 'paragraph' && b.lines.length >= 2 && measure > 0 && b.lines.every((l) => l.right - l.x < measure * 0.6 && !/-$/.test(l.text))) {
      b.lineTexts = b.lines.map((l) => l.text.trim());
    }
    if (b.kind === 'heading' && b.grade && !b.text.toLowerCase().endsWith(b.grade.toLowerCase())) b.text = `${b.text}: ${b.grade}`;
    if (b.kind === 'heading') {
      b.level = b.size >= doc.titleSize - 0.5 && b.page === 1 && b.size > doc.bodySize * 1.5 ? 1 : b.size > doc.bodySize * 1.25 ? 2 : 3;
      // A short bold line that is a whole sentence is body text set in bold, not a heading.
      if (b.level === 3 && /[.;]$/.test(b.text) && b.text.length > 150) b.kind = 'paragraph';
    }
  }
  return out.map(({ lines: _l, bodyX: _b, last: _x, grade: _g, parts: _p, ...b }) => b);
}

function firstCharBullet(text: string): string | null {
  const m = /^([\u2022\u25aa\u25a0\u25fc\u25cf\u25e6\u2023\u2219\ue000-\uf8ff])\s*/.exec(text);
  return m ? m[0] : null;
}

/** A heading line: clearly bigger than the body, or set in another font, and not too long. */
function isHeadingLine(l: Line, doc: Doc): boolean {
  const t = l.text.trim();
  if (t.length > 160 || !/[A-Za-z]/.test(t)) return false;
  if (NUMBERED.test(t) && l.size <= doc.bodySize * 1.1) return false;
  if (l.size > doc.bodySize * 1.12) return true;
  if (l.size < doc.bodySize * 0.9) return false;
  if (COVER_LABEL.test(t)) return false;
  return l.bodyShare < 0.1;
}

/** Whether line `l` continues block `b` (the same paragraph wrapped) rather than starting a new one. */
function continues(b: Draft, l: Line, heading: boolean, numbered: boolean, bullet: boolean, doc: Doc): boolean {
  if (b.kind === 'table') return false;
  if (numbered || bullet) return false;
  const prev = b.last;
  const gap = prev.y - l.y;
  const size = Math.max(prev.size, l.size);
  if (gap <= 0 || gap > size * 1.65) return false;
  if (Math.abs(prev.size - l.size) > 0.8) return false;
  if ((b.kind === 'heading') !== heading) return false;
  if (b.kind === 'heading' && (b.lines.length >= 4 || gap > size * 1.35)) return false;
  // Label and value rows ("Inspection dates:   8 - 12 July") each stand alone.
  if (l.cells.length >= 2 && prev.cells.length >= 2 && l.cells[0].text.length <= 40) return false;
  // Continuation lines of a numbered paragraph or bullet hang at the text's indent, not left of it.
  if ((b.kind === 'numbered' || b.kind === 'bullet') && l.x < b.x - 2) return false;
  if (b.lines.length >= 2 && l.x < b.bodyX - doc.bodySize * 1.5) return false;
  // A line indented far to the right of a paragraph's left edge starts something else.
  if (b.kind === 'paragraph' && l.x > b.x + doc.bodySize * 4 && b.lines.length === 1 && !/[a-z,]$/.test(b.text)) return false;
  return true;
}

/** `joinWrapped` on a text held as pieces: only the last piece is read or changed. */
function appendWrapped(parts: string[], next: string, doc: Doc): void {
  const last = parts[parts.length - 1];
  const joined = joinWrapped(last, next, doc);
  // joinWrapped gives the last piece, perhaps less its final character, then a space or nothing, then `next`.
  parts[parts.length - 1] = joined.slice(0, joined.length - next.length);
  parts.push(next);
}

/** Joins a wrapped line onto the text so far, mending a word hyphenated at the line end. */
function joinWrapped(text: string, next: string, doc: Doc | undefined): string {
  if (!text) return next;
  if (text.endsWith('\u00ad')) return text.slice(0, -1) + next;
  // The word before a final hyphen, read back from the end: a regular expression over the whole
  // growing text would make joining a long paragraph's lines quadratic.
  const m = text.endsWith('-') ? /([A-Za-z]+)-$/.exec(text.slice(-64)) : null;
  const n = /^([a-z]+)/.exec(next);
  if (m && n) {
    const joined = (m[1] + n[1]).toLowerCase();
    const hyphened = `${m[1]}-${n[1]}`.toLowerCase();
    // A word broken only for the line: its whole form appears elsewhere and the hyphened one does not.
    if (doc && doc.words.has(joined) && !doc.words.has(hyphened)) return text.slice(0, -1) + next;
    return text + next;
  }
  return `${text} ${next}`;
}

/** Paragraphs broken by the end of a page are joined with their continuation on the next page. */
function joinAcrossPage(body: LayoutBlock[], blocks: LayoutBlock[], pageHeight: number, prevHeight: number): void {
  const prev = body[body.length - 1];
  const first = blocks[0];
  if (
    prev &&
    first &&
    prev.page === first.page - 1 &&
    !prev.lineTexts &&
    !first.lineTexts &&
    prev.bottom < prevHeight * 0.3 &&
    first.top > pageHeight * 0.7 &&
    first.kind === 'paragraph' &&
    (prev.kind === 'paragraph' || prev.kind === 'numbered' || prev.kind === 'bullet') &&
    Math.abs(prev.size - first.size) < 0.8 &&
    !ENDS_SENTENCE.test(prev.text)
  ) {
    prev.text = joinWrapped(prev.text, first.text, undefined);
    blocks = blocks.slice(1);
  }
  for (const b of blocks) body.push(b);
}

interface Table {
  rows: string[][];
  /** Indexes of the lines the table is made of (label lines, grade lines, the header). */
  lines: Set<number>;
}

/**
 * Judgement tables: at least two grade cells (a grade phrase standing on its own, right of some
 * label text) in one column. Each grade takes the label lines beside it: the run of closely spaced
 * lines left of the grade column whose vertical span holds the grade. A "Judgement | Grade" line
 * just above becomes the header. Returns the tables keyed by the index of their first line.
 */
function findTables(lines: Line[], page: PdfPage, doc: Doc): Map<number, Table> {
  const found = new Map<number, Table>();
  const grades: { line: number; cell: Cell }[] = [];
  // A loop, not a spread: a page may hold more lines than a call takes arguments.
  let left = Infinity;
  for (const l of lines) if (l.x < left) left = l.x;
  lines.forEach((l, i) => {
    const last = l.cells[l.cells.length - 1];
    if (!last) return;
    const t = last.text.trim();
    if (!GRADE_CELL.test(t)) return;
    if (last.x < left + page.width * 0.25) return;
    grades.push({ line: i, cell: last });
  });
  if (grades.length < 2) return found;
  // Group grades by column.
  const columns: (typeof grades)[] = [];
  for (const g of grades) {
    const col = columns.find((c) => Math.abs(c[0].cell.x - g.cell.x) < 6);
    if (col) col.push(g);
    else columns.push([g]);
  }
  for (const col of columns) {
    if (col.length < 2) continue;
    const colX = col[0].cell.x;
    const lead = doc.bodySize * 1.65;
    // Label lines: lines with text left of the grade column, near the grades.
    const first = col[0].line;
    const lastGrade = col[col.length - 1].line;
    let lo = first;
    while (lo > 0 && lines[lo - 1].y - lines[first].y < lead * 1.5 && lines[lo - 1].x < colX - 10 && lines[lo - 1].cells.every((c) => c.x < colX - 10)) lo--;
    let hi = lastGrade;
    while (hi + 1 < lines.length && lines[lastGrade].y - lines[hi + 1].y < lead && lines[hi + 1].x < colX - 10 && lines[hi + 1].cells.every((c) => c.x < colX - 10)) hi++;
    // Runs of label text (cells left of the column), split where the spacing opens up.
    const labels: { y0: number; y1: number; parts: string[]; lines: number[] }[] = [];
    for (let i = lo; i <= hi; i++) {
      const l = lines[i];
      const leftCells = l.cells.filter((c) => c.right < colX - 4);
      if (!leftCells.length) continue;
      const text = leftCells.map((c) => c.text).join(' ');
      const run = labels[labels.length - 1];
      if (run && run.y1 - l.y <= lead && !/^\d+(?:\.\d+)?\.?\s/.test(text)) {
        run.parts.push(text);
        run.lines.push(i);
        run.y1 = l.y;
      } else {
        labels.push({ y0: l.y, y1: l.y, parts: [text], lines: [i] });
      }
    }
    const rows: string[][] = [];
    const used = new Set<number>();
    for (const g of col) {
      const y = lines[g.line].y;
      const run = labels.find((r) => y <= r.y0 + doc.bodySize * 0.6 && y >= r.y1 - doc.bodySize * 0.6);
      if (!run) continue;
      const label = run.parts.reduce((t, p) => joinWrapped(t, p, doc), '');
      rows.push([label, g.cell.text.trim()]);
      for (const i of run.lines) used.add(i);
      used.add(g.line);
    }
    if (rows.length < 2) continue;
    // The header: "Judgement   Grade" on the line above the first row.
    const firstUsed = smallest(used);
    const above = lines[firstUsed - 1];
    if (above && above.cells.length === 2 && /^judgements?$/i.test(above.cells[0].text) && /^grades?$/i.test(above.cells[1].text)) {
      used.add(firstUsed - 1);
      rows.unshift([above.cells[0].text, above.cells[1].text]);
    } else {
      rows.unshift(['Judgement', 'Grade']);
    }
    const start = smallest(used);
    found.set(start, { rows, lines: used });
  }
  return found;
}

function smallest(values: Iterable<number>): number {
  let min = Infinity;
  for (const v of values) if (v < min) min = v;
  return min;
}

/** Blocks to Markdown: one line per paragraph, blank lines between blocks. */
export function renderMarkdown(blocks: LayoutBlock[]): string {
  const out: string[] = [];
  let notesHeading = false;
  for (const b of blocks) {
    switch (b.kind) {
      case 'heading':
        out.push(`${'#'.repeat(b.level ?? 2)} ${escapeInline(b.text)}`);
        break;
      case 'numbered':
        out.push(`${b.number}. ${escapeInline(b.text)}`);
        break;
      case 'bullet':
        out.push(`- ${escapeInline(b.text)}`);
        break;
      case 'table': {
        const rows = b.rows ?? [];
        const cell = (s: string): string => escapeInline(s).replace(/\|/g, '\\|');
        const lines = rows.map((r) => `| ${r.map(cell).join(' | ')} |`);
        lines.splice(1, 0, `| ${rows[0].map(() => '---').join(' | ')} |`);
        out.push(lines.join('\n'));
        break;
      }
      case 'footnote':
        if (!notesHeading) {
          out.push('## Notes');
          notesHeading = true;
        }
        out.push(`${b.note ? `Note ${escapeInline(b.note)}: ` : ''}${escapeInline(b.text)}`);
        break;
      default:
        // Kept lines end in a backslash, Markdown's line break: shown as lines, read as one paragraph.
        out.push(b.lineTexts ? b.lineTexts.map((t) => escapeBlockStart(escapeInline(t))).join('\\\n') : escapeBlockStart(escapeInline(b.text)));
    }
  }
  return out.length ? out.join('\n\n') + '\n' : '';
}

/** Characters Markdown would read as markup inside a line. */
function escapeInline(s: string): string {
  return s.replace(/[\\`*_[\]<]/g, (c) => `\\${c}`);
}

/** A paragraph that would otherwise start a heading, quote, list, table or rule. */
function escapeBlockStart(s: string): string {
  if (/^(?:#|>|[-+*]\s|=+\s*$|\|)/.test(s)) return `\\${s}`;
  const m = /^(\d{1,9})([.)])(\s|$)/.exec(s);
  if (m) return `${m[1]}\\${s.slice(m[1].length)}`;
  return s;
}
