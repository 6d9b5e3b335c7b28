/**
 * The shape of a report for the editor's outline, breadcrumbs and folding: which sections hold
 * which numbered paragraphs and improvement areas, and which lines fold together. Pure: the
 * extension only converts these to VS Code's types.
 */
import type { Grade, ImprovementArea, Paragraph, Report, Section, Timescale } from './model';
import { comparePositions, type Position, type Range } from './range';

export type OutlineNodeKind = 'section' | 'judgement' | 'paragraph' | 'improvement-area';

export interface OutlineNode {
  kind: OutlineNodeKind;
  /** The section, paragraph or improvement area id. */
  id: string;
  /** Never empty. */
  name: string;
  /** Shown beside the name: the grade of a judgement section, the timescale of an improvement area. */
  detail: string;
  /** Everything the node covers; holds `selectionRange` and every child's `range`. */
  range: Range;
  /** What to reveal and select when the node is chosen: a heading, or the start of a paragraph. */
  selectionRange: Range;
  children: OutlineNode[];
}

/** A folding range: first and last line, both shown/hidden as VS Code folds them (0-based, end inclusive). */
export interface LineSpan {
  start: number;
  end: number;
}

const GRADE_LABELS: Record<Grade, string> = {
  outstanding: 'Outstanding',
  good: 'Good',
  'requires-improvement': 'Requires improvement to be good',
  adequate: 'Adequate',
  inadequate: 'Inadequate',
};

const TIMESCALE_LABELS: Record<Timescale, string> = {
  immediately: 'immediately',
  'three-months': 'within three months',
  'six-months': 'within six months',
};

/** Longest name given to a paragraph or improvement area before it is cut with an ellipsis. */
export const NAME_LENGTH = 60;

/** "The first words of a text…", cut at a word boundary, at most `max` characters plus the ellipsis. */
export function firstWords(text: string, max = NAME_LENGTH): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max + 1);
  const space = cut.lastIndexOf(' ');
  const head = (space > max / 2 ? cut.slice(0, space) : t.slice(0, max)).replace(/[\s,;:–—-]+$/, '');
  return `${head}…`;
}

/** The grade said at the end of a heading: ": requires improvement to be good", " Grade 3 (Adequate)", " are outstanding". */
const HEADING_GRADE =
  /(?:\s*:\s*|\s+(?:is|are)\s+|\s+)(?:grade\s+[1-4]\s*\(\s*)?(?:requires?\s+improvement(?:\s+to\s+be\s+good)?|inadequate|outstanding|adequate|good)\s*\)?\s*\.?\s*$/i;

/** A section's name without the grade its heading states (the grade is shown as the detail instead). */
function sectionName(section: Section, grade: Grade | null): string {
  const title = section.title.replace(/\s+/g, ' ').trim();
  if (grade) {
    const stripped = title.replace(HEADING_GRADE, '').trim();
    if (stripped.length > 0) return stripped;
  }
  return title.length > 0 ? title : section.id;
}

function later(a: Position, b: Position): Position {
  return comparePositions(a, b) >= 0 ? a : b;
}

/** The start of a range, as a range (what is selected when a paragraph is chosen in the outline). */
function startOf(r: Range): Range {
  return r.start.line === r.end.line ? r : { start: r.start, end: r.start };
}

function improvementNode(area: ImprovementArea, paragraph: Paragraph | undefined): OutlineNode {
  const number = paragraph?.number;
  const details = ['improvement area'];
  if (area.timescale) details.push(TIMESCALE_LABELS[area.timescale]);
  if (area.outcome !== undefined) details.push(`outcome ${area.outcome}`);
  if (area.enabler !== undefined) details.push(`enabler ${area.enabler}`);
  const words = firstWords(area.text) || area.id;
  const range = paragraph ? { start: paragraph.range.start, end: later(paragraph.range.end, area.range.end) } : area.range;
  return {
    kind: 'improvement-area',
    id: area.id,
    name: number !== null && number !== undefined ? `${number}. ${words}` : words,
    detail: details.join(' · '),
    range,
    selectionRange: startOf(area.range),
    children: [],
  };
}

function paragraphNode(p: Paragraph): OutlineNode {
  return {
    kind: 'paragraph',
    id: p.id,
    name: `${p.number}. ${firstWords(p.text)}`.trim(),
    detail: '',
    range: p.range,
    selectionRange: startOf(p.range),
    children: [],
  };
}

/**
 * The outline of a report: one node per section (in document order) holding its numbered
 * paragraphs and its improvement areas, also in document order. An improvement area replaces the
 * node of the paragraph that prints it, so nothing is listed twice. Numbered paragraphs and
 * improvement areas before the first section are top-level nodes. Unnumbered paragraphs are not
 * listed, but widen their section's range so that breadcrumbs follow the cursor through them.
 */
export function outlineOf(report: Report): OutlineNode[] {
  const paragraphsById = new Map(report.paragraphs.map((p) => [p.id, p]));
  const areasByParagraph = new Map<string, ImprovementArea[]>();
  const orphanAreas: ImprovementArea[] = [];
  for (const area of report.improvementAreas) {
    if (!paragraphsById.has(area.paragraph)) {
      orphanAreas.push(area);
      continue;
    }
    const list = areasByParagraph.get(area.paragraph) ?? [];
    list.push(area);
    areasByParagraph.set(area.paragraph, list);
  }

  const sectionIndex = new Map(report.sections.map((s, i) => [s.id, i]));
  const children: OutlineNode[][] = report.sections.map(() => []);
  const ends: Position[] = report.sections.map((s) => s.range.end);
  const top: OutlineNode[] = [];

  /** The section an improvement area without a known paragraph falls in, by its line. */
  const sectionAtLine = (line: number): number => report.sections.findIndex((s) => s.startLine <= line && line < s.endLine);

  const place = (sectionAt: number, node: OutlineNode | null, extent: Range) => {
    if (sectionAt < 0) {
      if (node) top.push(node);
      return;
    }
    if (node) children[sectionAt].push(node);
    ends[sectionAt] = later(ends[sectionAt], extent.end);
  };

  for (const p of report.paragraphs) {
    if (p.kind === 'heading') continue;
    const at = p.section !== null ? (sectionIndex.get(p.section) ?? -1) : -1;
    const areas = areasByParagraph.get(p.id);
    if (areas) {
      for (const area of areas) {
        const node = improvementNode(area, p);
        place(at, node, node.range);
      }
    } else {
      place(at, p.number !== null ? paragraphNode(p) : null, p.range);
    }
  }
  for (const area of orphanAreas) {
    const node = improvementNode(area, undefined);
    place(sectionAtLine(area.range.start.line), node, node.range);
  }

  const gradeOfArea = new Map(report.judgements.map((j) => [j.area, j.grade]));
  const sectionNodes: OutlineNode[] = report.sections.map((s, i) => {
    const grade = s.grade ?? (s.area ? (gradeOfArea.get(s.area) ?? null) : null);
    const judgement = s.area !== null || s.grade !== null;
    const kids = children[i].sort((a, b) => comparePositions(a.range.start, b.range.start));
    return {
      kind: judgement ? 'judgement' : 'section',
      id: s.id,
      name: sectionName(s, grade),
      detail: grade ? GRADE_LABELS[grade] : '',
      range: { start: s.range.start, end: ends[i] },
      selectionRange: s.range,
      children: kids,
    };
  });

  return [...top, ...sectionNodes].sort((a, b) => comparePositions(a.range.start, b.range.start));
}

/**
 * Folding ranges: one per section, from its heading to its last non-blank line, and one per
 * paragraph that spans more than one line. Ranges are sorted by start line, start on distinct lines
 * and nest (a range that would cross another is dropped), which is what editors expect.
 */
export function foldingRangesOf(report: Report, lineCount: number, isBlank: (line: number) => boolean): LineSpan[] {
  const last = lineCount - 1;
  const spans: LineSpan[] = [];
  for (const s of report.sections) {
    const start = s.startLine;
    let end = Math.min(s.endLine - 1, last);
    while (end > start && isBlank(end)) end--;
    if (end > start) spans.push({ start, end });
  }
  for (const p of report.paragraphs) {
    if (p.kind === 'heading') continue;
    const start = p.range.start.line;
    const end = Math.min(p.range.end.line, last);
    if (end > start) spans.push({ start, end });
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);

  const kept: LineSpan[] = [];
  const open: LineSpan[] = [];
  for (const span of spans) {
    if (kept.length > 0 && kept[kept.length - 1].start === span.start) continue;
    while (open.length > 0 && open[open.length - 1].end < span.start) open.pop();
    const parent = open[open.length - 1];
    if (parent && span.end > parent.end) continue;
    kept.push(span);
    open.push(span);
  }
  return kept;
}
