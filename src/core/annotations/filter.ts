/**
 * Finding tags: one filter for the editor's **Find Tags** and `ilacs annotations`, so both hosts
 * select the same tags. Each given field narrows the list; several values of one field are
 * alternatives (criterion A or B), different fields must all hold.
 */
import { ASSESSMENTS, STATUSES, type Annotation, type AnnotationStatus, type Assessment } from './types';
import { ASSESSMENT_WORDS, STATUS_WORDS } from './labels';

export interface TagFilter {
  /** Criterion ids; a tag matches when it carries any of them. */
  criteria?: readonly string[];
  /** Assessments; `none` for a tag without one. */
  assessments?: readonly (Assessment | 'none')[];
  statuses?: readonly AnnotationStatus[];
  /** Authors, compared without regard to case. */
  authors?: readonly string[];
  /** Report paths (workspace-relative, forward slashes), or a folder they are in. */
  reports?: readonly string[];
  /** Words that must all appear in the note, the quoted text or the criteria's labels (case and accents ignored). */
  text?: string;
}

/** Why a filter value is refused, for a clear message: the field and the values it takes. */
export class TagFilterError extends Error {}

function fold(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/** Reads an assessment as a person or a program writes it ("area for improvement", "area-for-improvement", "none"). */
export function parseAssessment(value: string): Assessment | 'none' {
  const v = fold(value.trim()).replace(/\s+/g, '-');
  if (v === 'none' || v === 'no-assessment') return 'none';
  const found = ASSESSMENTS.find((a) => a === v || fold(ASSESSMENT_WORDS[a]).replace(/\s+/g, '-') === v);
  if (!found) throw new TagFilterError(`unknown assessment "${value}": use ${ASSESSMENTS.join(', ')} or none`);
  return found;
}

/** Reads a status as a person or a program writes it ("in progress", "in-progress"). */
export function parseStatus(value: string): AnnotationStatus {
  const v = fold(value.trim()).replace(/\s+/g, '-');
  const found = STATUSES.find((s) => s === v || fold(STATUS_WORDS[s]).replace(/\s+/g, '-') === v);
  if (!found) throw new TagFilterError(`unknown status "${value}": use ${STATUSES.join(', ')}`);
  return found;
}

/** Whether a tag passes the filter; `labelOf` gives criteria labels for the text search. */
export function matchesTagFilter(a: Annotation, filter: TagFilter, labelOf: (criterion: string) => string = (id) => id): boolean {
  if (filter.criteria?.length && !a.criteria.some((c) => filter.criteria!.includes(c))) return false;
  if (filter.assessments?.length && !filter.assessments.includes(a.assessment ?? 'none')) return false;
  if (filter.statuses?.length && !filter.statuses.includes(a.status)) return false;
  if (filter.authors?.length && !filter.authors.some((x) => fold(x) === fold(a.author))) return false;
  if (filter.reports?.length) {
    const inOne = filter.reports.some((r) => {
      const wanted = r.replace(/\\/g, '/').replace(/^\.\/+|\/+$/g, '');
      return a.report === wanted || a.report.startsWith(`${wanted}/`);
    });
    if (!inOne) return false;
  }
  if (filter.text && filter.text.trim()) {
    const haystack = fold([a.note, a.selectors.quote.exact, ...a.criteria, ...a.criteria.map(labelOf)].join('\n'));
    if (!fold(filter.text).split(/\s+/).filter(Boolean).every((w) => haystack.includes(w))) return false;
  }
  return true;
}
