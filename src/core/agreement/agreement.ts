/**
 * Agreement between taggers: two or more authors who tagged the same reports independently.
 *
 * The unit is the paragraph: every paragraph the parser yields, numbered or not, except headings.
 * A report counts for an author when the author has at least one tag in it (an author with no tag
 * in a report did not code it, and is missing there rather than saying "no" to every paragraph);
 * a report counts at all when at least two of the chosen authors coded it.
 *
 * - Criteria: for each criterion any chosen author used, each coder's yes/no per paragraph (yes when
 *   one of the author's tags on that paragraph carries the criterion). Pooled: every
 *   (paragraph, criterion) decision taken together as one set of yes/no units.
 * - Assessment: on the paragraphs at least two authors tagged, each one's assessment (the most
 *   serious among their tags there; `none` when their tags there have none).
 * - Disagreements: each paragraph and criterion on which the coders differ, and each paragraph both
 *   tagged with different assessments.
 */
import type { Assessment } from '../annotations';
import type { Paragraph } from '../model';
import { figures, type Figures, type ReliabilityUnit } from './statistics';

/** One tag as agreement sees it: who made it, where it is now and what it says. */
export interface AgreementTag {
  id: string;
  author: string;
  /** Id of the paragraph now holding the tag, or null for an orphan (it counts its author as a coder of the report, and no more). */
  paragraph: string | null;
  criteria: readonly string[];
  assessment: Assessment | null;
}

export interface AgreementReport {
  file: string;
  paragraphs: readonly Paragraph[];
  tags: readonly AgreementTag[];
}

export type AssessmentValue = Assessment | 'none';

/** What one author said about one paragraph. */
export interface AuthorView {
  author: string;
  criteria: string[];
  /** Null when the author has no tag on the paragraph. */
  assessment: AssessmentValue | null;
  /** Ids of the author's tags on the paragraph. */
  tags: string[];
}

export interface CriterionDisagreement {
  kind: 'criterion';
  file: string;
  paragraph: string;
  number: number | null;
  criterion: string;
  /** Each coder of the report: whether they gave the paragraph this criterion. */
  values: Record<string, boolean>;
}

export interface AssessmentDisagreement {
  kind: 'assessment';
  file: string;
  paragraph: string;
  number: number | null;
  criterion: null;
  /** Each author who tagged the paragraph: the assessment they gave it. */
  values: Record<string, AssessmentValue>;
}

export type Disagreement = CriterionDisagreement | AssessmentDisagreement;

/** A paragraph with at least one disagreement, with what every coder of its report said. */
export interface ParagraphDisagreement {
  file: string;
  paragraph: string;
  number: number | null;
  text: string;
  range: Paragraph['range'];
  views: AuthorView[];
  /** Criteria the coders differ on. */
  criteria: string[];
  /** Whether the authors who tagged it differ on the assessment. */
  assessment: boolean;
}

export interface CriterionFigures extends Figures {
  id: string;
}

export interface AgreementResult {
  authors: string[];
  /** Paragraphs coded by at least two of the authors. */
  units: number;
  /** Reports counted (coded by at least two of the authors). */
  reports: string[];
  pooled: Figures;
  criteria: CriterionFigures[];
  assessment: Figures;
  disagreements: Disagreement[];
  paragraphs: ParagraphDisagreement[];
}

const SEVERITY: Record<AssessmentValue, number> = { none: 0, strength: 1, 'area-for-improvement': 2, 'serious-weakness': 3 };

/** The assessment an author gives a paragraph from their tags there: the most serious one. */
function assessmentOf(tags: readonly AgreementTag[]): AssessmentValue {
  let best: AssessmentValue = 'none';
  for (const t of tags) {
    const v: AssessmentValue = t.assessment ?? 'none';
    if (SEVERITY[v] > SEVERITY[best]) best = v;
  }
  return best;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The agreement of `authors` (two or more, distinct) over `reports`. */
export function computeAgreement(reports: readonly AgreementReport[], authors: readonly string[]): AgreementResult {
  const chosen = [...new Set(authors)];
  if (chosen.length < 2) throw new RangeError('agreement needs at least two different authors');
  const chosenSet = new Set(chosen);

  interface Unit {
    file: string;
    paragraph: Paragraph;
    /** Per chosen author (in `chosen` order): their view, or null when they did not code the report. */
    views: (AuthorView | null)[];
  }
  const units: Unit[] = [];
  const counted: string[] = [];
  const used = new Set<string>();

  for (const report of [...reports].sort((x, y) => compare(x.file, y.file))) {
    const tags = report.tags.filter((t) => chosenSet.has(t.author));
    const coders = new Set(tags.map((t) => t.author));
    if (coders.size < 2) continue;
    counted.push(report.file);
    for (const t of tags) for (const c of t.criteria) used.add(c);
    const byParagraph = new Map<string, AgreementTag[]>();
    for (const t of tags) {
      if (t.paragraph === null) continue;
      let list = byParagraph.get(t.paragraph);
      if (!list) byParagraph.set(t.paragraph, (list = []));
      list.push(t);
    }
    for (const paragraph of report.paragraphs) {
      if (paragraph.kind === 'heading') continue;
      const here = byParagraph.get(paragraph.id) ?? [];
      const views = chosen.map((author): AuthorView | null => {
        if (!coders.has(author)) return null;
        const own = here.filter((t) => t.author === author);
        const criteria = [...new Set(own.flatMap((t) => t.criteria))].sort(compare);
        return { author, criteria, assessment: own.length > 0 ? assessmentOf(own) : null, tags: own.map((t) => t.id) };
      });
      units.push({ file: report.file, paragraph, views });
    }
  }

  const criteriaIds = [...used].sort(compare);
  const pooledUnits: ReliabilityUnit[] = [];
  const criteria: CriterionFigures[] = criteriaIds.map((id) => {
    const data: ReliabilityUnit[] = units.map((u) => u.views.map((v) => (v === null ? null : v.criteria.includes(id) ? 'yes' : 'no')));
    pooledUnits.push(...data);
    return { id, ...figures(data, chosen.length) };
  });
  const assessmentUnits: ReliabilityUnit[] = units.map((u) => u.views.map((v) => v?.assessment ?? null));

  const disagreements: Disagreement[] = [];
  const paragraphs: ParagraphDisagreement[] = [];
  for (const u of units) {
    const coded = u.views.filter((v): v is AuthorView => v !== null);
    const base = { file: u.file, paragraph: u.paragraph.id, number: u.paragraph.number };
    const differing: string[] = [];
    for (const id of criteriaIds) {
      const says = coded.map((v) => v.criteria.includes(id));
      if (says.every((s) => s === says[0])) continue;
      differing.push(id);
      disagreements.push({ kind: 'criterion', ...base, criterion: id, values: Object.fromEntries(coded.map((v, i) => [v.author, says[i]])) });
    }
    const assessed = coded.filter((v) => v.assessment !== null);
    const assessmentDiffers = assessed.length >= 2 && assessed.some((v) => v.assessment !== assessed[0].assessment);
    if (assessmentDiffers) {
      disagreements.push({ kind: 'assessment', ...base, criterion: null, values: Object.fromEntries(assessed.map((v) => [v.author, v.assessment as AssessmentValue])) });
    }
    if (differing.length > 0 || assessmentDiffers) {
      paragraphs.push({ ...base, text: u.paragraph.text, range: u.paragraph.range, views: coded, criteria: differing, assessment: assessmentDiffers });
    }
  }

  return {
    authors: chosen,
    units: units.filter((u) => u.views.filter((v) => v !== null).length >= 2).length,
    reports: counted,
    pooled: figures(pooledUnits, chosen.length),
    criteria,
    assessment: figures(assessmentUnits, chosen.length),
    disagreements,
    paragraphs,
  };
}

/** Every author with a tag in the reports, sorted. */
export function authorsOf(reports: readonly AgreementReport[]): string[] {
  return [...new Set(reports.flatMap((r) => r.tags.map((t) => t.author)))].sort(compare);
}
