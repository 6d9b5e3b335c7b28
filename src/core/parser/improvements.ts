/**
 * The improvement areas a report prints, in every era: ILACS "What needs to improve?" (with its
 * framework tags), focused visits' "What needs to improve in this area of social work practice",
 * areas for priority action, SIF "Priority and immediate action", "Areas for improvement" and
 * "Recommendations" (numbered, often under judgement sub-headings), and SLAC areas for improvement
 * under their timescales.
 *
 * What PDF extraction does to these lists is mended here: bullet glyphs lost (one item a line), a
 * sub-list joined to the item that introduces it, and a heading run into the last item of a list.
 */
import type { Framework, ImprovementArea, ImprovementSource, Paragraph, Timescale } from '../model';
import type { Range } from '../range';
import type { Block, Piece } from './blocks';
import { unwrap } from './blocks';

const TIMESCALE: [RegExp, Timescale][] = [
  [/^immediately:?$/i, 'immediately'],
  [/^within (?:three|3) months:?$/i, 'three-months'],
  [/^within (?:six|6) months:?$/i, 'six-months'],
];

export function improvementHeading(text: string, framework: Framework): ImprovementSource | null {
  const t = text.replace(/\s+/g, ' ').trim();
  if (/^what needs to improve in this area/i.test(t)) return 'focused-visit';
  if (/^what needs to improve\s*[?:]?\s*\d*$/i.test(t)) return 'what-needs-to-improve';
  if (/^(?:the )?areas? for priority action/i.test(t)) return 'priority-action';
  if (/^priority and immediate action/i.test(t)) return 'sif-priority-action';
  if (/^recommendations:?$/i.test(t)) return 'recommendation';
  if (/^areas? for improvement:?$/i.test(t)) return framework === 'slac' ? 'slac-area-for-improvement' : framework === 'sif' ? 'sif-area-for-improvement' : 'what-needs-to-improve';
  return null;
}

const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };

/**
 * A framework tag ending an item: "(outcome 3, national framework)", "(enabler: leaders drive
 * conditions for effective practice, national framework)", "(Enabler 1)", "(Outcome four)",
 * "[Outcome 3, national framework]", optionally followed by a full stop or a footnote number.
 */
const FRAMEWORK_TAG = /\s*[([]\s*(outcome|enabler)\s*:?\s*([^()[\]]*?)\s*(?:,\s*national framework\s*)?[)\]][\s.]*\d*\s*$/i;

/** Sub-headings a SIF list of numbered areas or recommendations runs across; any other heading ends the list. */
const NOT_A_SUBHEADING =
  /strength|summary|information about|inspection findings|what the inspection|judgement|about this|the local authority|effectiveness of the (?:local safeguarding|lscb)|overall|executive|contents|need to improve|section \d|inspection of|what does|leadership of|grade|local safeguarding children board \(lscb\)$/i;

/** A sentence saying there is nothing to list. */
const NOTHING_TO_LIST = /^(?:the )?inspection did not (?:find|identify) any|^there (?:are|were) no (?:areas for )?priority|^there are no (?:areas|recommendations)\b|^none\.?$/i;

/** A list item's glyph as printed (the first character of its line), or null. */
function glyphOf(lineText: ((line: number) => string) | undefined, b: Block): string | null {
  if (!lineText || b.kind !== 'bullet') return null;
  const line = lineText(b.range.start.line);
  const c = line.slice(b.range.start.character).trimStart().charAt(0);
  return c || null;
}

interface Unit {
  text: string;
  range: Range;
  block: number;
}

/** The text of each source line of a block (plain text only: Markdown blocks have no pieces). */
function pieceTexts(b: Block, lineText: ((line: number) => string) | undefined): string[] | null {
  if (!lineText || !b.pieces || b.pieces.length === 0) return null;
  return b.pieces.map((p: Piece) => lineText(p.line).slice(p.start, p.end).replace(/\s+/g, ' ').trim());
}

function rangeOfPieces(b: Block, from: number, to: number, first: boolean): Range {
  const pieces = b.pieces!;
  const start = first ? b.range.start : { line: pieces[from].line, character: pieces[from].start };
  return { start, end: { line: pieces[to].line, character: pieces[to].end } };
}

/**
 * A block of an ILACS or focused-visit list that is not a bullet: the list's glyphs were lost in
 * extraction. Each line is an item when every line starts in lower case; otherwise an item ends
 * where a line ends a sentence.
 */
function splitLostBullets(b: Block, i: number, lineText: ((line: number) => string) | undefined): Unit[] {
  const texts = pieceTexts(b, lineText);
  if (!texts || texts.length < 2) return [{ text: b.text, range: b.range, block: i }];
  const everyLineLower = texts.every((t) => /^[a-z]/.test(t));
  const units: Unit[] = [];
  let from = 0;
  for (let k = 0; k < texts.length; k++) {
    const last = k === texts.length - 1;
    const ends = last || everyLineLower || (/[.;]$/.test(texts[k]) && /^[A-Za-z]/.test(texts[k + 1]));
    if (!ends) continue;
    units.push({ text: unwrap(texts.slice(from, k + 1)), range: rangeOfPieces(b, from, k, from === 0), block: i });
    from = k + 1;
  }
  return units;
}

/**
 * A heading run into the end of an item ("...reflective practice. How good are outcomes for looked
 * after children and care leavers?", "...from home and care. Areas for improvement"): the lines
 * after the item's last sentence that read as a heading. Returns the item without them and the
 * heading's text, or null when the item ends as an item should.
 */
function splitRunInHeading(unit: Unit, b: Block, lineText: ((line: number) => string) | undefined): { unit: Unit; heading: string } | null {
  // A list heading printed at the end of the item's last line as well as on a line of its own.
  const sameLine = /(?<=[.;])\s+(areas? for improvement|recommendations|priority and immediate action)$/i.exec(unit.text);
  if (sameLine && unit.range.end.character >= sameLine[0].length) {
    const end = { line: unit.range.end.line, character: unit.range.end.character - sameLine[0].length };
    return { unit: { text: unit.text.slice(0, sameLine.index), range: { start: unit.range.start, end }, block: unit.block }, heading: sameLine[1] };
  }
  const texts = pieceTexts(b, lineText);
  if (!texts || texts.length < 2 || unit.range.end.line !== b.range.end.line) return null;
  const pieces = b.pieces!;
  // A run-in heading is a few lines at most: only the block's last lines are looked at.
  for (let k = texts.length - 1; k >= Math.max(1, texts.length - 4); k--) {
    if (pieces[k].line < unit.range.start.line) break;
    const rest = unwrap(texts.slice(k));
    const words = rest.split(' ').length;
    const heading = /^[A-Z]/.test(rest) && words <= 16 && (/\?$/.test(rest) || !/[.;:,)]$/.test(rest)) && !/[.;]\s/.test(rest);
    if (!heading) continue;
    if (!/[.;:]$/.test(texts[k - 1])) continue;
    const kept = texts.slice(0, k);
    const startIdx = pieces.findIndex((p) => p.line >= unit.range.start.line);
    const text = unwrap(kept.slice(Math.max(0, startIdx)));
    if (!text) return null;
    return { unit: { text, range: { start: unit.range.start, end: { line: pieces[k - 1].line, character: pieces[k - 1].end } }, block: unit.block }, heading: rest };
  }
  return null;
}

function frameworkTag(text: string): { text: string; outcome?: number; enabler?: string } {
  const tag = FRAMEWORK_TAG.exec(text);
  if (!tag || tag.index === 0) return { text };
  const what = tag[2].trim().replace(/\s+/g, ' ');
  const out: { text: string; outcome?: number; enabler?: string } = { text: text.slice(0, tag.index).trim() };
  const n = /^\d+$/.test(what) ? parseInt(what, 10) : NUMBER_WORDS[what.toLowerCase()];
  if (tag[1].toLowerCase() === 'outcome') {
    if (n !== undefined) out.outcome = n;
  } else if (what) {
    out.enabler = n !== undefined ? String(n) : what;
  }
  return out;
}

/** Whether a sub-heading of a numbered SIF list (a judgement area's name) keeps the list going. */
function isSubHeading(blocks: Block[], consumed: Uint8Array, i: number, lastNumber: number | null): boolean {
  const b = blocks[i];
  const t = b.text.replace(/\s+/g, ' ').trim();
  if (t.length > 90 || NOT_A_SUBHEADING.test(t)) return false;
  let j = i + 1;
  while (j < blocks.length && j < i + 8 && consumed[j]) j++;
  const next = blocks[j];
  if (!next || next.kind === 'heading' || next.number === null) return false;
  return lastNumber === null || next.number === lastNumber + 1;
}

export function readImprovementAreas(
  blocks: Block[],
  consumed: Uint8Array,
  paragraphOf: (Paragraph | null)[],
  framework: Framework,
  lineText?: (line: number) => string,
): ImprovementArea[] {
  const items: ImprovementArea[] = [];
  let source: ImprovementSource | null = null;
  let timescale: Timescale | undefined;
  let intro = false;
  /** The printed number of the list's last item (SIF lists are numbered paragraphs). */
  let lastNumber: number | null = null;
  /** The open item that introduces a sub-list ("Services to care leavers, including:"), and its glyph. */
  let lead: { item: ImprovementArea; glyph: string | null; subs: number } | null = null;

  const startList = (next: ImprovementSource | null): void => {
    source = next;
    timescale = undefined;
    intro = source === 'slac-area-for-improvement';
    lastNumber = null;
    lead = null;
  };

  for (let i = 0; i < blocks.length; i++) {
    if (consumed[i]) continue;
    const b = blocks[i];
    if (b.kind === 'heading') {
      const ts = TIMESCALE.find(([re]) => re.test(b.text.trim()));
      if (ts && source) {
        timescale = ts[1];
        lead = null;
        continue;
      }
      const next = improvementHeading(b.text, framework);
      if (next) startList(next);
      else if (source && source !== 'what-needs-to-improve' && source !== 'focused-visit' && isSubHeading(blocks, consumed, i, lastNumber)) lead = null;
      else startList(null);
      continue;
    }
    if (!source) {
      // "What needs to improve:" run into the lines of its list, the list's glyphs lost.
      const texts = b.kind === 'paragraph' && b.number === null ? pieceTexts(b, lineText) : null;
      const heading = texts && texts.length > 1 ? improvementHeading(texts[0], framework) : null;
      if (!heading || (heading !== 'what-needs-to-improve' && heading !== 'focused-visit') || !paragraphOf[i]) continue;
      startList(heading);
      const pieces = b.pieces!.slice(1);
      const rest: Block = { ...b, pieces, range: { start: { line: pieces[0].line, character: pieces[0].start }, end: b.range.end }, startLine: pieces[0].line };
      for (const unit of splitLostBullets(rest, i, lineText)) {
        items.push({ id: `ia${items.length + 1}`, ...frameworkTag(unit.text), source: heading, paragraph: paragraphOf[i]!.id, range: unit.range });
      }
      continue;
    }
    // SLAC lists open with a numbered lead-in ("In order to improve ... should take the following action").
    if (intro && b.kind === 'paragraph' && /following action|should take|in order to improve/i.test(b.text)) continue;
    intro = false;
    // A numbered paragraph after the lead-in ends a SLAC list, whether or not a timescale came first.
    if (source === 'slac-area-for-improvement' && b.kind === 'paragraph' && b.number !== null) {
      startList(null);
      continue;
    }
    if (NOTHING_TO_LIST.test(b.text)) continue;
    const p = paragraphOf[i];
    if (!p) continue;

    // A sub-list under an item that introduces it belongs to that item.
    const glyph = glyphOf(lineText, b);
    const currentLead = lead as { item: ImprovementArea; glyph: string | null; subs: number } | null;
    if (currentLead && b.kind === 'bullet' && glyph !== currentLead.glyph) {
      // Only the sub-item is read for a tag (a tag ends the item), so a long sub-list stays linear.
      const sub = frameworkTag(b.text.replace(/[;,]$/, ''));
      currentLead.item.text += (currentLead.subs === 0 ? ' ' : '; ') + sub.text;
      currentLead.subs++;
      currentLead.item.range = { start: currentLead.item.range.start, end: b.range.end };
      if (sub.outcome !== undefined) currentLead.item.outcome = sub.outcome;
      if (sub.enabler !== undefined) currentLead.item.enabler = sub.enabler;
      continue;
    }
    lead = null;

    const lostBullets = (source === 'what-needs-to-improve' || source === 'focused-visit') && b.kind === 'paragraph' && b.number === null;
    const units = lostBullets ? splitLostBullets(b, i, lineText) : [{ text: b.text, range: b.range, block: i }];
    let endList: ImprovementSource | null | undefined;
    const lastUnit = units[units.length - 1];
    const runIn = splitRunInHeading(lastUnit, b, lineText);
    if (runIn) {
      units[units.length - 1] = runIn.unit;
      endList = improvementHeading(runIn.heading, framework);
    }
    for (const unit of units) {
      const tagged = frameworkTag(unit.text);
      const item: ImprovementArea = { id: `ia${items.length + 1}`, text: tagged.text, source, paragraph: p.id, range: unit.range };
      if (timescale) item.timescale = timescale;
      if (tagged.outcome !== undefined) item.outcome = tagged.outcome;
      if (tagged.enabler !== undefined) item.enabler = tagged.enabler;
      items.push(item);
      if ((b.kind === 'bullet' || b.number !== null) && /:$/.test(tagged.text)) lead = { item, glyph, subs: 0 };
    }
    if (b.number !== null) lastNumber = b.number;
    if (runIn) {
      const ts = TIMESCALE.find(([re]) => re.test(runIn.heading));
      if (ts) timescale = ts[1];
      else startList(endList ?? null);
    }
  }
  return items;
}
