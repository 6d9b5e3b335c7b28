/**
 * Reads text extracted from a PDF: hard-wrapped lines, page numbers, running footers, form feeds,
 * letterheads and Ofsted's closing boilerplate. Produces blocks (headings, paragraphs, bullets)
 * with their printed paragraph numbers and exact ranges. Linear in the size of the text.
 */
import { LineIndex } from '../range';
import { Block, Piece, ReadResult, unwrap } from './blocks';
import { gradeOfPhrase } from './judgements';

const enum LineKind {
  Blank,
  Noise,
  Text,
}

interface Line {
  kind: LineKind;
  /** First and past-last character of the trimmed content within the line. */
  start: number;
  end: number;
  content: string;
  /** Starts with a space or tab (not a form feed). */
  indented: boolean;
}

const PAGE_NUMBER = /^(?:page\s+)?\d{1,3}(?:\s*(?:of|\/)\s*\d{1,3})?$/i;
const NUMBER_ONLY = /^(\d{1,3})\.$/;
const NUMBER_START = /^(\d{1,3})\.\s+(?=[^\s\d])/;
/** Bullet glyphs seen in PDF text: typographic bullets, squares, dashes, and Wingdings/Symbol private-use glyphs. */
const BULLET = /^([•▪◼■●◦○□◆➢➤✓\-–—−*\uF000-\uF0FF])(?:\s+|$)/;
const BOILERPLATE_START = [
  /^The Office for Standards in Education, Children.s Services\s+and\s+Skills\s+\(Ofsted\)\s+regulates/i,
  /^If you would like a copy of this document in a different format/i,
  /^©\s*Crown copyright/i,
  /^You may reuse this information \(not including logos\)/i,
];
const SIGN_OFF = /^(?:Yours sincerely|Yours faithfully)\b/i;
const SALUTATION = /^Dear\s+\S/;
const DATE_LINE = /^\d{1,2}(?:st|nd|rd|th)?\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4}$/i;
const LETTERHEAD_HINT = /ofsted\.gov\.uk|0300 123 1231|Piccadilly Gate|Textphone/i;
const TERMINAL = /[.!?:]["'’”)\]]*$/;
const KNOWN_HEADING = /^(?:The experiences and progress of|The impact of leaders|What needs to improve|Overall effectiveness|Areas for (?:priority action|improvement)|Priority and immediate action|Recommendations$|Immediately:?$|Within (?:three|six|3|6) months:?$)/;
const CONNECTIVE_END = /(?:\b(?:and|or|of|the|to|a|an|in|for|with|by|on|at|as|that|from|is|are|be|their|its)|[,;(\-–])$/i;

/**
 * Whitespace that could survive inside a line piece: anything but the ASCII space, two spaces in
 * a row, or a form feed that does not start a line. A text without any has clean pieces only
 * (lines are trimmed, and the number and bullet markers take the spaces after them).
 */
const ODD_SPACE_CHAR = /[\t\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;

/** Whether a text holds odd space (see above): three quick searches rather than one pattern tried at every character. */
function hasOddSpace(text: string): boolean {
  if (text.includes('  ') || ODD_SPACE_CHAR.test(text)) return true;
  for (let i = text.indexOf('\f', 1); i > 0; i = text.indexOf('\f', i + 1)) {
    const before = text.charCodeAt(i - 1);
    if (before !== 10 && before !== 13) return true;
  }
  return false;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 12 || c === 0xa0 || c === 0x200b || c === 0xfeff || c === 0x2002 || c === 0x2003 || c === 0x3000;
}

/**
 * Every blank line is this one object (a text of a million empty lines would otherwise hold a
 * million of them). Nothing changes a blank line: only text lines become noise.
 */
const BLANK: Readonly<Line> = Object.freeze({ kind: LineKind.Blank, start: 0, end: 0, content: '', indented: false });

export function readPlainText(text: string, index: LineIndex): ReadResult {
  const n = index.lineCount;
  const lines: Line[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const ls = index.lineStarts[i];
    const le = index.lineEnds[i];
    let s = ls;
    let e = le;
    while (s < e && isSpace(text.charCodeAt(s))) s++;
    while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
    if (s === e) {
      lines[i] = BLANK;
      continue;
    }
    const first = text.charCodeAt(ls);
    lines[i] = { kind: LineKind.Text, start: s - ls, end: e - ls, content: text.slice(s, e), indented: first === 32 || first === 9 };
  }

  markPageFurniture(lines, text, index);
  const boilerplateFrom = markBoilerplate(lines);
  const { letterDate, signatory } = markLetterParts(lines, boilerplateFrom);

  const width = lineWidth(lines);
  const wrapped = width < 200;
  const numbered = acceptedParagraphNumbers(lines);
  const blocks = segment(lines, numbered, width, wrapped, !hasOddSpace(text));
  for (const b of blocks) if (looksLikeHeading(b, wrapped)) b.kind = 'heading';
  return { blocks, letterDate, signatory };
}

/** A cheap test before PAGE_NUMBER: a page number starts with a digit or "page". */
function mayBePageNumber(content: string): boolean {
  const c = content.charCodeAt(0);
  return (c >= 48 && c <= 57) || c === 80 || c === 112;
}

/** Bare page numbers, and short lines repeated near them (running headers and footers). */
function markPageFurniture(lines: Line[], text: string, index: LineIndex): void {
  const n = lines.length;
  const nearPageBreak = new Map<string, number>();
  const startsPage = (i: number): boolean => text.charCodeAt(index.lineStarts[i]) === 12;
  const hasFormFeeds = text.indexOf('\f') >= 0;
  const countedNear = new Uint8Array(n);
  const countedTop = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const l = lines[i];
    if (l.kind !== LineKind.Text || !mayBePageNumber(l.content) || !PAGE_NUMBER.test(l.content)) continue;
    l.kind = LineKind.Noise;
    // Only a page number at a page break (not a page reference in a contents list) marks the footer above it.
    if (hasFormFeeds) {
      const next = nextTextLine(lines, i);
      if (next >= 0 && !startsPage(next) && !startsPage(i + 1 < n ? i + 1 : i)) continue;
    }
    let seen = 0;
    for (let j = i - 1; j >= 0 && seen < 4; j--) {
      const p = lines[j];
      if (p.kind === LineKind.Blank) continue;
      seen++;
      // A line near two page numbers (short pages) is still one line: count it once.
      if (p.kind !== LineKind.Text || countedNear[j] || p.content.length > 110 || gradeOfPhrase(p.content)) continue;
      countedNear[j] = 1;
      nearPageBreak.set(p.content, (nearPageBreak.get(p.content) ?? 0) + 1);
    }
  }
  // Running headers: the first lines of pages, when the same text opens several pages.
  const pageTop = new Map<string, number>();
  // The next line that is not blank, from each line on: a run of empty pages is crossed once, not once per page.
  const nonBlank = new Int32Array(n + 1);
  nonBlank[n] = n;
  for (let i = n - 1; i >= 0; i--) nonBlank[i] = lines[i].kind === LineKind.Blank ? nonBlank[i + 1] : i;
  for (let i = 0; i < n; i++) {
    if (!startsPage(i)) continue;
    for (let j = nonBlank[i], seen = 0; j < n && seen < 2; j = nonBlank[j + 1]) {
      const p = lines[j];
      seen++;
      if (p.kind !== LineKind.Text || countedTop[j] || p.content.length > 110 || gradeOfPhrase(p.content)) continue;
      countedTop[j] = 1;
      pageTop.set(p.content, (pageTop.get(p.content) ?? 0) + 1);
    }
  }
  const furniture = new Set<string>();
  for (const [content, count] of nearPageBreak) if (count >= 2 && content.length >= 6 && !/^\d{1,3}\.$/.test(content)) furniture.add(content);
  for (const [content, count] of pageTop) if (count >= 3 && content.length >= 12 && !/^\d{1,3}\.$/.test(content)) furniture.add(content);
  // A contents list runs from its heading to the next page.
  if (hasFormFeeds) {
    for (let i = 0; i < Math.min(n, 400); i++) {
      if (lines[i].kind !== LineKind.Text || !/^(?:Contents|Table of contents)$/i.test(lines[i].content)) continue;
      let j = i;
      while (j < n && (j === i || !startsPage(j))) {
        if (lines[j].kind === LineKind.Text) lines[j].kind = LineKind.Noise;
        j++;
      }
      break;
    }
  }
  if (furniture.size === 0) return;
  // Compare lengths first: hashing every line's text costs as much as reading it.
  const lengths = new Set<number>();
  for (const f of furniture) lengths.add(f.length);
  for (const l of lines) if (l.kind === LineKind.Text && lengths.has(l.content.length) && furniture.has(l.content)) l.kind = LineKind.Noise;
}

/** Ofsted's standard closing text: from its first line to the end. Returns that line, or n. */
function markBoilerplate(lines: Line[]): number {
  const n = lines.length;
  const from = Math.floor(n * 0.4);
  for (let i = from; i < n; i++) {
    const l = lines[i];
    if (l.kind !== LineKind.Text) continue;
    if (BOILERPLATE_START.some((re) => re.test(l.content))) {
      for (let j = i; j < n; j++) if (lines[j].kind === LineKind.Text) lines[j].kind = LineKind.Noise;
      return i;
    }
  }
  return n;
}

/** A letter's letterhead, date, address and salutation at the top, and its sign-off at the end. */
function markLetterParts(lines: Line[], end: number): { letterDate: string | null; signatory: string | null } {
  let letterDate: string | null = null;
  let signatory: string | null = null;
  const head = Math.min(lines.length, 40);
  let dateLine = -1;
  let letterhead = false;
  for (let i = 0; i < head; i++) {
    const l = lines[i];
    if (l.kind !== LineKind.Text) continue;
    if (LETTERHEAD_HINT.test(l.content)) letterhead = true;
    if (DATE_LINE.test(l.content) && dateLine < 0) {
      dateLine = i;
      letterDate = l.content;
    }
    if (SALUTATION.test(l.content) && (dateLine >= 0 || letterhead)) {
      for (let j = 0; j <= i; j++) if (lines[j].kind === LineKind.Text) lines[j].kind = LineKind.Noise;
      break;
    }
  }
  if (dateLine < 0) return { letterDate: null, signatory: null };
  for (let i = 0; i < end; i++) {
    const l = lines[i];
    if (l.kind !== LineKind.Text || !SIGN_OFF.test(l.content)) continue;
    for (let j = i; j < end; j++) {
      if (lines[j].kind !== LineKind.Text) continue;
      if (j > i && signatory === null) signatory = lines[j].content;
      lines[j].kind = LineKind.Noise;
    }
    break;
  }
  return { letterDate, signatory };
}

/** The wrap width: the 90th percentile of text line lengths. */
function lineWidth(lines: Line[]): number {
  // A counting sort: line lengths are small integers.
  let count = 0;
  let longest = 0;
  for (const l of lines) {
    if (l.kind !== LineKind.Text) continue;
    count++;
    if (l.end - l.start > longest) longest = l.end - l.start;
  }
  if (count === 0) return 80;
  const histogram = new Uint32Array(longest + 1);
  for (const l of lines) if (l.kind === LineKind.Text) histogram[l.end - l.start]++;
  const rank = Math.floor(count * 0.9);
  let seen = 0;
  let length = 0;
  for (; length <= longest; length++) {
    seen += histogram[length];
    if (seen > rank) break;
  }
  return Math.max(40, length);
}

function nextTextLine(lines: Line[], i: number): number {
  for (let j = i + 1; j < lines.length; j++) if (lines[j].kind === LineKind.Text) return j;
  return -1;
}

/**
 * Printed paragraph numbers run across the whole report. Of all lines that could start a numbered
 * paragraph, keep the longest chain whose numbers rise one at a time (a gap of up to three is
 * tolerated for text lost in extraction). This drops numbered grade lists, list items and years
 * that happen to start a wrapped line.
 */
function acceptedParagraphNumbers(lines: Line[]): Map<number, number> {
  const cands: { line: number; n: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.kind !== LineKind.Text) continue;
    let m = NUMBER_ONLY.exec(l.content);
    if (!m) {
      m = NUMBER_START.exec(l.content);
      if (m) {
        const next = nextTextLine(lines, i);
        if (next >= 0 && l.content.length <= 70 && /^(?:requires?(?: improvement(?: to be good)?)?|good|outstanding|inadequate|adequate)$/i.test(lines[next].content)) {
          continue;
        }
      }
    }
    if (m) {
      const n = parseInt(m[1], 10);
      if (n > 0) cands.push({ line: i, n });
    }
  }
  if (cands.length === 0) return new Map();
  const best = new Int32Array(cands.length);
  const prev = new Int32Array(cands.length).fill(-1);
  /** For each number, the candidate with the longest chain ending there (the later one wins ties). */
  const bestAt = new Map<number, number>();
  for (let k = 0; k < cands.length; k++) {
    const { n } = cands[k];
    best[k] = 1;
    for (let gap = 1; gap <= 4; gap++) {
      const j = bestAt.get(n - gap);
      if (j !== undefined && best[j] + 1 > best[k]) {
        best[k] = best[j] + 1;
        prev[k] = j;
      }
    }
    const cur = bestAt.get(n);
    if (cur === undefined || best[k] >= best[cur]) bestAt.set(n, k);
  }
  let end = 0;
  for (let k = 1; k < cands.length; k++) if (best[k] >= best[end]) end = k;
  const accepted = new Map<number, number>();
  for (let k = end; k >= 0; k = prev[k]) accepted.set(cands[k].line, cands[k].n);
  return accepted;
}

interface Draft {
  kind: 'paragraph' | 'bullet';
  number: number | null;
  markerLine: number;
  markerChar: number;
  pieces: Piece[];
}

function segment(lines: Line[], numbered: Map<number, number>, width: number, wrapped: boolean, clean: boolean): Block[] {
  const blocks: Block[] = [];
  let cur: Draft | null = null;
  let pending: { kind: 'number' | 'bullet'; n: number | null; line: number; char: number } | null = null;
  let gap = true;
  let lastText = -1;

  const close = (): void => {
    if (cur && cur.pieces.length) blocks.push(finish(cur, lines, clean));
    cur = null;
  };

  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.kind !== LineKind.Text) {
      gap = true;
      continue;
    }
    const content = l.content;
    let textStart = l.start;
    let startsNew = false;
    let newKind: 'paragraph' | 'bullet' = 'paragraph';
    let number: number | null = null;
    let markerChar = l.start;
    let markerLine = i;

    const acceptedNumber = numbered.get(i);
    if (acceptedNumber !== undefined) {
      const only = NUMBER_ONLY.test(content);
      if (only) {
        close();
        pending = { kind: 'number', n: acceptedNumber, line: i, char: l.start };
        gap = false;
        lastText = i;
        continue;
      }
      const m = NUMBER_START.exec(content)!;
      textStart = l.start + m[0].length;
      startsNew = true;
      number = acceptedNumber;
    } else {
      const b = BULLET.exec(content);
      if (b && !(b[1] === '-' && /^-\d/.test(content))) {
        if (b[0].length === content.length) {
          close();
          pending = { kind: 'bullet', n: null, line: i, char: l.start };
          gap = false;
          lastText = i;
          continue;
        }
        textStart = l.start + b[0].length;
        startsNew = true;
        newKind = 'bullet';
      }
    }

    if (pending && pending.kind === 'bullet' && startsNew) {
      // A bullet glyph alone on its line, then a line with its own number or bullet: the glyph marks nothing.
      pending = null;
    }
    if (pending) {
      // The text after a number or bullet glyph that sat on its own line.
      close();
      number = pending.kind === 'number' ? pending.n : number;
      newKind = pending.kind === 'bullet' ? 'bullet' : newKind;
      markerLine = pending.line;
      markerChar = pending.char;
      startsNew = true;
      pending = null;
    } else if (!startsNew) {
      if (!cur) startsNew = true;
      else if (gap) {
        // A page break or blank line inside a sentence: carry on when the text plainly continues.
        // A line indented where the one before was not has lost its bullet glyph in extraction: a new item.
        const lostGlyph = l.indented && !lines[lastText].indented && lines[lastText].start === 0;
        const continues = /^[a-z(]/.test(content) && !TERMINAL.test(lines[lastText].content) && !lostGlyph;
        startsNew = !continues;
      } else {
        startsNew = breaksBefore(lines[lastText].content, content, width, wrapped, cur.number !== null || cur.kind === 'bullet');
      }
    } else {
      markerChar = l.start;
    }

    if (startsNew) {
      close();
      cur = { kind: newKind, number, markerLine, markerChar, pieces: [] };
    }
    cur!.pieces.push({ line: i, start: textStart, end: l.end });
    gap = false;
    lastText = i;
  }
  close();
  return blocks;
}

/** Whether a new paragraph starts at `next`, in a run of lines with no blank line between them. */
function breaksBefore(prev: string, next: string, width: number, wrapped: boolean, inNumbered: boolean): boolean {
  const startsLikeParagraph = /^[A-Z0-9"'‘“(£]/.test(next);
  if (!startsLikeParagraph) return false;
  // A framework tag wrapped onto a line of its own ends the item above it.
  if (/^\((?:outcome|enabler)\b/i.test(next)) return false;
  if (!wrapped) return true;
  // A cover page's facts ("Inspection dates: ...", "Lead inspector: ...") stand on lines of their own.
  if (/^(?:Inspection dates?|Lead inspector|Reporting inspector|Report published|Publication date|Dates? of (?:the )?inspection)\b/i.test(prev)) return true;
  // A report's title wraps like prose: "Inspection of Wexcombe Borough" / "Council local authority children's services".
  if (/^(?:Inspection of|Focused visit to|Monitoring visit (?:to|of))\b/.test(prev) && !TERMINAL.test(prev) && !/^(?:Inspection dates?|Lead inspector|Judgement)\b/.test(next)) return false;
  // The grade table's first heading, and the judgement headings, start afresh whatever precedes them.
  if (/^Judgement(?:\s+Grade)?$/.test(next) || (KNOWN_HEADING.test(next) && !CONNECTIVE_END.test(prev))) return true;
  const len = prev.length;
  if (inNumbered) {
    // A numbered paragraph or bullet runs until the next number, bullet or blank line, unless a heading follows straight on.
    return TERMINAL.test(prev) && (KNOWN_HEADING.test(next) || (next.length < width * 0.6 && !/[.,;:]$/.test(next)));
  }
  if (TERMINAL.test(prev)) return len < width * 0.85;
  if (CONNECTIVE_END.test(prev)) return false;
  return len < width * 0.6;
}

function finish(d: Draft, lines: Line[], clean: boolean): Block {
  const parts: string[] = [];
  for (const p of d.pieces) {
    const l = lines[p.line];
    parts.push(l.content.slice(p.start - l.start, p.end - l.start));
  }
  const text = unwrap(parts, clean);
  const last = d.pieces[d.pieces.length - 1];
  const first = d.pieces[0];
  const start = d.number !== null || d.kind === 'bullet' ? { line: d.markerLine, character: d.markerChar } : { line: first.line, character: first.start };
  return {
    kind: d.kind,
    number: d.number,
    text,
    range: { start, end: { line: last.line, character: last.end } },
    startLine: start.line,
    endLine: last.line,
    pieces: d.pieces,
  };
}

/**
 * Headings in PDF text carry no markup: a short unnumbered block of one to three lines, starting
 * with a capital or a section number, that is not a sentence (no full stop, no comma at the end).
 */
function looksLikeHeading(b: Block, wrapped: boolean): boolean {
  if (b.kind !== 'paragraph' || b.number !== null) return false;
  const t = b.text;
  const lineCount = b.endLine - b.startLine + 1;
  if (t.length > (wrapped ? 160 : 110) || lineCount > 3) return false;
  if (!/^[A-Z0-9‘'"]/.test(t)) return false;
  if (/[.,;]["'’”)]*$/.test(t) || /[.!?]["'’”)]*\s+[A-Z]/.test(t)) return false;
  if (t.endsWith(':') && t.length > 60) return false;
  // A cover page's facts are not headings of the report's sections.
  if (/^(?:Lead inspector|Reporting inspector|Inspection dates?|Dates? of (?:the )?inspection|Report published|Publication date|Published|Age group)\b/i.test(t)) return false;
  return t.split(' ').length <= 20;
}
