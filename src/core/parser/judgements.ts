/**
 * Grades and judgement areas: normalising the many ways reports state them.
 *
 * Area ids. ILACS (2018 on): overall-effectiveness, impact-of-leaders, help-and-protection,
 * children-in-care-and-care-leavers (2018 to 2022), children-in-care and care-leavers (2023 on).
 * SIF (2013 to 2017): sif-overall-effectiveness, sif-help-and-protection,
 * sif-looked-after-and-permanence, sif-adoption, sif-care-leavers, sif-leadership, sif-lscb.
 * SLAC (2009 to 2013): slac-<part>-<judgement>, part `safeguarding` or `looked-after`, judgement a
 * slug of the printed label (overall-effectiveness, capacity-for-improvement, quality-of-provision,
 * ambition-and-prioritisation, leadership-and-management, partnership-working,
 * equality-and-diversity, performance-management-and-quality-assurance, and the outcome labels
 * such as children-and-young-people-are-safe-and-feel-safe or being-healthy; "Overall effectiveness of
 * services for ...", "Capacity to improve" and "Outcomes for ..." map to the headline judgements).
 */
import type { Framework, Grade } from '../model';

const GRADE_PHRASE =
  /^(?:grade\s*[1-4]\s*\(\s*)?(outstanding|good|adequate|inadequate|requires?\s+improvement(?:\s+to\s+be\s+good)?)\s*\)?\s*\.?$/i;

/** The grade a short phrase states on its own ("Requires improvement to be good", "Grade 3 (Adequate)"). */
export function gradeOfPhrase(phrase: string): Grade | null {
  const m = GRADE_PHRASE.exec(phrase.trim());
  return m ? normaliseGrade(m[1]) : null;
}

export function normaliseGrade(word: string): Grade | null {
  const w = word.toLowerCase().replace(/\s+/g, ' ').trim();
  if (w === 'outstanding') return 'outstanding';
  if (w === 'good') return 'good';
  if (w === 'adequate') return 'adequate';
  if (w === 'inadequate') return 'inadequate';
  if (w.startsWith('require')) return 'requires-improvement';
  return null;
}

/** "<label>: <grade>" as in ILACS judgement section headings. */
const HEADING_WITH_GRADE =
  /^(.*?)[:\-–]\s*(outstanding|good|adequate|inadequate|requires?\s+improvement(?:\s+to\s+be\s+good)?)\s*\.?$/i;

/** A label followed by its grade on the same line ("Overall effectiveness Grade 3 (Adequate)"). */
const LABEL_THEN_GRADE = /^(.*?)\s+(?:grade\s*[1-4]\s*\(\s*)(outstanding|good|adequate|inadequate)\s*\)\s*$/i;

/** SIF section heading: "The experiences ... protection require improvement" / "... are good". */
const SIF_SENTENCE_GRADE =
  /^(.*?)\s+(?:(?:is|are)\s+)?(outstanding|good|adequate|inadequate|requires?\s+improvement(?:\s+to\s+be\s+good)?)\s*\.?$/i;

export interface LabelledGrade {
  label: string;
  grade: Grade;
}

export function splitHeadingGrade(text: string): LabelledGrade | null {
  const t = text.replace(/\s+/g, ' ').trim();
  let m = HEADING_WITH_GRADE.exec(t);
  if (m && m[1].length > 3) return { label: m[1].trim(), grade: normaliseGrade(m[2])! };
  m = LABEL_THEN_GRADE.exec(t);
  if (m && m[1].length > 3) return { label: m[1].trim(), grade: normaliseGrade(m[2])! };
  return null;
}

export function splitSentenceGrade(text: string): LabelledGrade | null {
  const t = text.replace(/\s+/g, ' ').trim();
  const m = SIF_SENTENCE_GRADE.exec(t);
  if (m && m[1].length > 3) return { label: m[1].trim(), grade: normaliseGrade(m[2])! };
  return null;
}

function norm(label: string): string {
  return label
    .toLowerCase()
    .replace(/[’'`]/g, "'")
    .replace(/^\s*(?:\d+(?:\.\d+)?\.?\s+)/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The ILACS area a judgement label names, or null. */
export function ilacsArea(label: string): string | null {
  const l = norm(label);
  if (/overall effectiveness/.test(l)) return 'overall-effectiveness';
  if (/impact of leaders|leadership/.test(l)) return 'impact-of-leaders';
  if (/help and protection/.test(l)) return 'help-and-protection';
  if (/children in care and care leavers|children in care and care-experienced/.test(l)) return 'children-in-care-and-care-leavers';
  if (/care leavers|care-experienced|care experienced/.test(l)) return 'care-leavers';
  if (/children in care/.test(l)) return 'children-in-care';
  return null;
}

/** The SIF area a judgement label names, or null. */
export function sifArea(label: string): string | null {
  const l = norm(label);
  if (/local safeguarding children board|\blscb\b/.test(l)) return 'sif-lscb';
  if (/overall (judgement|effectiveness)/.test(l)) return 'sif-overall-effectiveness';
  if (/adoption performance/.test(l)) return 'sif-adoption';
  if (/care leavers/.test(l)) return 'sif-care-leavers';
  if (/help and protection/.test(l)) return 'sif-help-and-protection';
  if (/looked after and achieving permanence|children looked after/.test(l)) return 'sif-looked-after-and-permanence';
  if (/leadership, management and governance|leadership/.test(l)) return 'sif-leadership';
  return null;
}

/** A lowercase, hyphenated id from a heading; `max` keeps section ids short (area ids are not cut). */
export function slug(text: string, max = 60): string {
  return (
    text
      .toLowerCase()
      .replace(/[’'`]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, max)
      .replace(/-+$/, '') || 'section'
  );
}

/** The SLAC area for a label in the safeguarding or looked-after part of the report. */
export function slacArea(part: 'safeguarding' | 'looked-after', label: string): string | null {
  const l = norm(label).replace(/:$/, '');
  if (l.length < 4 || l.length > 120) return null;
  // The headline judgements are worded differently from report to report.
  if (/^overall effectiveness\b/.test(l)) return `slac-${part}-overall-effectiveness`;
  if (/^capacity (?:for|to) improve/.test(l)) return `slac-${part}-capacity-for-improvement`;
  if (/^(?:safeguarding )?outcomes for\b/.test(l)) return `slac-${part}-outcomes`;
  return `slac-${part}-${slug(l, 200)}`;
}

export function areaFor(framework: Framework, label: string, slacPart: 'safeguarding' | 'looked-after' | null): string | null {
  if (framework === 'sif') return sifArea(label);
  if (framework === 'slac') return slacPart ? slacArea(slacPart, label) : null;
  return ilacsArea(label);
}
