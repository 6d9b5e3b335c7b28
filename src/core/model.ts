/**
 * The report model: what the parser makes of one report, and what every feature (tagging,
 * improvement areas, recurrence, export, the CLI) reads. Plain data, JSON-serialisable.
 */
import type { Range } from './range';

export type ReportKind = 'inspection' | 'focused-visit' | 'monitoring-visit' | 'jtai' | 'other';
export type Framework = 'ilacs' | 'sif' | 'slac' | 'unknown';
export type Grade = 'outstanding' | 'good' | 'requires-improvement' | 'adequate' | 'inadequate';
export type ParagraphKind = 'paragraph' | 'bullet' | 'heading';
export type Timescale = 'immediately' | 'three-months' | 'six-months';
export type SourceFormat = 'text' | 'markdown';

/**
 * Judgement area ids. ILACS ids are fixed by the product; SIF and SLAC ids are the product's own
 * (documented in the README).
 */
export type JudgementAreaId = string;

export interface Judgement {
  area: JudgementAreaId;
  grade: Grade;
  /** Where the grade is stated (the first place the parser found it), or null. */
  range: Range | null;
}

export interface Section {
  /** Stable within the report: a slug of the heading, made unique with a suffix. */
  id: string;
  title: string;
  /** The judgement area the section reports on, when it is a judgement section. */
  area: JudgementAreaId | null;
  /** Grade stated in the heading ("...protection: Inadequate"), if any. */
  grade: Grade | null;
  /** The heading's range. */
  range: Range;
  /** From the heading's first line to the last line before the next section (exclusive end). */
  startLine: number;
  endLine: number;
}

export interface Paragraph {
  /**
   * Stable id: `p<number>` for printed numbered paragraphs, otherwise `<section id>.<ordinal>`
   * (ordinal 1-based within the section).
   */
  id: string;
  /** The printed paragraph number, or null. */
  number: number | null;
  /** Id of the section holding the paragraph, or null before the first heading. */
  section: string | null;
  kind: ParagraphKind;
  /** The text with PDF line-wrapping undone (single spaces, no bullet glyph, no number). */
  text: string;
  /** Exact source range of the paragraph's text (from its first to its last character). */
  range: Range;
}

export type ImprovementSource =
  | 'what-needs-to-improve'
  | 'focused-visit'
  | 'priority-action'
  | 'sif-priority-action'
  | 'sif-area-for-improvement'
  | 'recommendation'
  | 'slac-area-for-improvement';

export interface ImprovementArea {
  /** Stable within the report: `ia<ordinal>`. */
  id: string;
  text: string;
  source: ImprovementSource;
  timescale?: Timescale;
  /** From "(outcome N, national framework)". */
  outcome?: number;
  /** From "(enabler: ..., national framework)" or "(enabler N, national framework)". */
  enabler?: string;
  /** Id of the paragraph that holds the item. */
  paragraph: string;
  range: Range;
}

export interface InspectionDates {
  start: string;
  end: string;
}

/** How much of a report's date is known. */
export type DatePrecision = 'day' | 'month' | 'year';
/** Where a report's date comes from: its printed text, its file name, or a correction by the user. */
export type DateSource = 'text' | 'file-name' | 'user';

/**
 * The one date a report is known by (views, sorting, years of recurring findings, exports):
 * the publication or letter date where printed, else the last inspection day, else a date in the
 * file name, else a date the user gave. `value` is ISO 8601 of the given precision: `2021-12-17`,
 * `2021-12` or `2021`, so values of mixed precision sort together.
 */
export interface ReportDate {
  value: string;
  precision: DatePrecision;
  source: DateSource;
}

/**
 * Whether the report has an overall effectiveness judgement: `graded` when it gives one;
 * `not-given` for an ILACS inspection from April 2026 on, where the framework no longer has one;
 * `not-found` for an inspection that should give one and where none was found; `not-applicable`
 * for visits, letters and other texts.
 */
export type OverallJudgement = 'graded' | 'not-given' | 'not-found' | 'not-applicable';

/** Report fields a user may correct (stored in the workspace, never in the report file). */
export type CorrectableField = 'date' | 'kind' | 'authority' | 'framework';

export interface Report {
  /** The path the report was read from, as the caller gave it. */
  file: string;
  format: SourceFormat;
  kind: ReportKind;
  framework: Framework;
  title: string | null;
  localAuthority: string | null;
  /** Publication or letter date, ISO yyyy-mm-dd, or null. */
  published: string | null;
  inspectionDates: InspectionDates | null;
  /** The report's one date (see `ReportDate`), or null when nothing at all dates it. */
  date: ReportDate | null;
  leadInspector: string | null;
  judgements: Judgement[];
  overallJudgement: OverallJudgement;
  /** The fields whose value is the user's correction rather than what the parser read (empty when none). */
  corrected: CorrectableField[];
  improvementAreas: ImprovementArea[];
  sections: Section[];
  paragraphs: Paragraph[];
  /** Things the parser noticed but could tolerate (disagreeing grades, a skipped paragraph number). */
  warnings: string[];
}

/** A report the parser could not read at all. */
export class ReportError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'ReportError';
  }
}
