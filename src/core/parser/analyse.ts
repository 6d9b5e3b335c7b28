/**
 * From blocks to the report model: judgements (from every place a report states a grade, made
 * to agree), sections, paragraphs with stable ids, and the improvement areas as printed.
 */
import type { Framework, Grade, ImprovementArea, Judgement, Paragraph, Section } from '../model';
import type { Range } from '../range';
import type { Block } from './blocks';
import { readImprovementAreas } from './improvements';
import { areaFor, gradeOfPhrase, slug, splitHeadingGrade, splitSentenceGrade } from './judgements';

export interface Analysis {
  judgements: Judgement[];
  sections: Section[];
  paragraphs: Paragraph[];
  improvementAreas: ImprovementArea[];
  warnings: string[];
}

/** Where a grade was read, strongest first: when two places disagree, the stronger one wins. */
const enum Source {
  Table = 0,
  Heading = 1,
  Sentence = 2,
}

interface Found {
  area: string;
  grade: Grade;
  range: Range;
  source: Source;
}

/** `lineText`, when given, is the source text of a line: lists mangled in extraction are mended from it. */
export function analyse(blocks: Block[], framework: Framework, lineCount: number, lineText?: (line: number) => string): Analysis {
  const warnings: string[] = [];
  const found: Found[] = [];
  const consumed = new Uint8Array(blocks.length);
  /** Blocks of a grade table (label and grade both consumed): what follows the table starts afresh, outside any section. */
  const tableRow = new Uint8Array(blocks.length);
  // A SLAC report on looked after children alone has no "Safeguarding services" part.
  const slacDefault = framework === 'slac' && !blocks.some((b) => b.kind === 'heading' && /^safeguarding services\b/i.test(b.text)) ? 'looked-after' : null;
  let slacPart: 'safeguarding' | 'looked-after' | null = slacDefault;
  let inMainFindings = false;

  // Judgement rows: a label block followed by a block that is only a grade.
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    if (b.kind === 'heading') {
      const t = b.text.toLowerCase();
      if (/^safeguarding services\b/.test(t)) slacPart = 'safeguarding';
      else if (/^services for looked after children\b/.test(t)) slacPart = 'looked-after';
      else if (/^record of main findings/.test(t)) inMainFindings = true;
    }
    if (inMainFindings) continue;
    // SIF states its overall judgement in a sentence; a grade table may take that sentence in as the label of its first row.
    if (framework === 'sif' && b.kind !== 'bullet' && b.number === null) {
      const m = /^(?:The overall judgement is(?: that)?|Children.s services in .{2,60}?)\s+(?:children.s services\s+)?(?:are\s+|is\s+)?(outstanding|good|inadequate|requires? improvement(?: to be good)?)\b/i.exec(
        b.text.replace(/’/g, "'"),
      );
      if (m) found.push({ area: 'sif-overall-effectiveness', grade: gradeOfPhrase(m[1])!, range: b.range, source: Source.Sentence });
      // The LSCB review states its grade in a sentence: "The Local Safeguarding Children Board requires improvement".
      const lscb = /Safeguarding Children Board(?:\s*\([A-Z]+\))?\s+(?:is\s+)?(outstanding|good|inadequate|requires? improvement(?: to be good)?)\b/.exec(b.text);
      if (lscb) found.push({ area: 'sif-lscb', grade: gradeOfPhrase(lscb[1])!, range: b.range, source: Source.Sentence });
    }
    const next = blocks[i + 1];
    if (next && b.kind !== 'bullet' && next.kind !== 'bullet' && b.number === null && next.number === null && !consumed[i]) {
      const grade = gradeOfPhrase(next.text);
      if (grade && !gradeOfPhrase(b.text)) {
        const area = areaFor(framework, b.text, slacPart);
        if (area) {
          found.push({ area, grade, range: next.range, source: Source.Table });
          consumed[i] = 1;
          consumed[i + 1] = 1;
          if (framework === 'slac') consumed[i] = 0; // SLAC grade lines head a section of their own
          else tableRow[i] = tableRow[i + 1] = 1;
          continue;
        }
      }
    }
    if (b.kind === 'heading' && !consumed[i]) {
      const hg = splitHeadingGrade(b.text) ?? splitSentenceGrade(b.text);
      if (hg) {
        const area = areaFor(framework, hg.label, slacPart);
        if (area) found.push({ area, grade: hg.grade, range: b.range, source: Source.Heading });
      }
    }
  }

  // The grade table's own headings ("Judgement", "Grade") belong to the table, not to the report's sections.
  for (let i = 0; i < blocks.length; i++) {
    if (consumed[i] || blocks[i].kind === 'bullet' || !/^(?:Judgements?|Grades?|Judgements?\s+Grades?)$/i.test(blocks[i].text.trim())) continue;
    let j = i + 1;
    while (j < blocks.length && !consumed[j] && /^(?:Judgements?|Grades?)$/i.test(blocks[j].text.trim())) j++;
    if (j < blocks.length && tableRow[j]) for (let k = i; k < j; k++) consumed[k] = tableRow[k] = 1;
  }

  const judgements: Judgement[] = [];
  const byArea = new Map<string, Found>();
  for (const f of found) {
    const had = byArea.get(f.area);
    if (!had) {
      byArea.set(f.area, f);
      continue;
    }
    if (had.grade !== f.grade) {
      const stronger = f.source < had.source ? f : had;
      const weaker = stronger === f ? had : f;
      warnings.push(
        `the ${f.area} grade is stated as ${stronger.grade} (line ${stronger.range.start.line + 1}) and as ${weaker.grade} (line ${weaker.range.start.line + 1}); using ${stronger.grade}`,
      );
      byArea.set(f.area, stronger);
    } else if (f.source < had.source) {
      byArea.set(f.area, f);
    }
  }
  for (const f of byArea.values()) judgements.push({ area: f.area, grade: f.grade, range: f.range });

  // Sections and paragraphs.
  const sections: Section[] = [];
  const paragraphs: Paragraph[] = [];
  const sectionIds = new Set<string>();
  const paragraphIds = new Set<string>();
  /** Next suffix to try for a repeated id, so a report repeating one heading many times stays linear. */
  const nextSuffix = new Map<string, number>();
  const unique = (taken: Set<string>, base: string, separator: string): string => {
    if (!taken.has(base)) return base;
    let k = nextSuffix.get(base + separator) ?? 2;
    while (taken.has(`${base}${separator}${k}`)) k++;
    nextSuffix.set(base + separator, k + 1);
    return `${base}${separator}${k}`;
  };
  const ordinals = new Map<string, number>();
  const sectionOfBlock = new Array<Section | null>(blocks.length).fill(null);
  const paragraphOfBlock = new Array<Paragraph | null>(blocks.length).fill(null);
  let section: Section | null = null;
  slacPart = slacDefault;
  for (let i = 0; i < blocks.length; i++) {
    if (consumed[i]) {
      // The headline paragraphs after the grade table are under no printed heading.
      if (tableRow[i] && section) {
        section.endLine = blocks[i].startLine;
        section = null;
      }
      continue;
    }
    const b = blocks[i];
    if (b.kind === 'heading') {
      const t = b.text.toLowerCase();
      if (/^safeguarding services\b/.test(t)) slacPart = 'safeguarding';
      else if (/^services for looked after children\b/.test(t)) slacPart = 'looked-after';
      if (section) section.endLine = b.startLine;
      const hg = splitHeadingGrade(b.text) ?? splitSentenceGrade(b.text);
      const area = hg ? areaFor(framework, hg.label, slacPart) : null;
      const base = slug(area && hg ? hg.label : b.text);
      const id = unique(sectionIds, base, '-');
      sectionIds.add(id);
      section = {
        id,
        title: b.text,
        area,
        grade: area && hg ? hg.grade : null,
        range: b.range,
        startLine: b.startLine,
        endLine: lineCount,
      };
      sections.push(section);
    }
    let id: string;
    if (b.number !== null) id = `p${b.number}`;
    else {
      const key = section ? section.id : 'intro';
      const ord = b.kind === 'heading' ? 0 : (ordinals.get(key) ?? 0) + 1;
      if (b.kind !== 'heading') ordinals.set(key, ord);
      id = `${key}.${ord}`;
    }
    id = unique(paragraphIds, id, '~');
    paragraphIds.add(id);
    const p: Paragraph = { id, number: b.number, section: section ? section.id : null, kind: b.kind, text: b.text, range: b.range };
    paragraphs.push(p);
    sectionOfBlock[i] = section;
    paragraphOfBlock[i] = p;
  }

  checkNumbering(paragraphs, warnings);
  const improvementAreas = readImprovementAreas(blocks, consumed, paragraphOfBlock, framework, lineText);
  return { judgements, sections, paragraphs, improvementAreas, warnings };
}

function checkNumbering(paragraphs: Paragraph[], warnings: string[]): void {
  let last = 0;
  for (const p of paragraphs) {
    if (p.number === null) continue;
    if (last && p.number !== last + 1) {
      warnings.push(`paragraph ${p.number} follows paragraph ${last} (line ${p.range.start.line + 1}): numbers are missing, perhaps lost when the PDF was converted`);
    }
    last = p.number;
  }
}
