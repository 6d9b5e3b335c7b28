/**
 * The codebook: the judgement areas of every framework era and the criteria a QA officer tags
 * paragraphs against. Plain data, JSON-serialisable, shared by the CLI and the editor.
 */
import type { Range } from '../range';

/** The framework a judgement area belongs to; `other` is for areas a workspace adds itself. */
export type AreaFramework = 'ilacs' | 'sif' | 'slac' | 'other';

export interface JudgementArea {
  /** Stable id, e.g. `help-and-protection`, `sif-adoption`, `slac-safeguarding-outcomes`. */
  id: string;
  /** Short label for pickers and tables ("Help and protection"). */
  label: string;
  /** The judgement as reports print it ("The experiences and progress of children who need help and protection"). */
  printed: string;
  framework: AreaFramework;
  /** First and last calendar year the judgement was given (inclusive); absent when open-ended. */
  from?: number;
  to?: number;
  /** Colour for gutters and borders, `#rrggbb`. */
  colour: string;
  description: string;
  /**
   * The areas whose criteria a paragraph under this judgement is tagged with: itself for the four
   * ILACS criterion areas; for example both `children-in-care` and `care-leavers` for the
   * 2018-2022 combined judgement, all four for overall effectiveness.
   */
  criterionAreas: string[];
}

export interface Criterion {
  /** Stable id, `<area prefix>.<slug>`, e.g. `hp.assessments`. */
  id: string;
  label: string;
  /** One line saying what evidence belongs here. */
  description: string;
  /** Id of the judgement area the criterion sits under. */
  area: string;
  /** Lowercase phrases that appear in reports; used for search and suggestions. */
  keywords: string[];
}

export interface Codebook {
  /** `builtin`, or the path of the workspace codebook file that produced it. */
  source: string;
  areas: JudgementArea[];
  criteria: Criterion[];
}

/** One problem in a workspace codebook file. */
export interface CodebookError {
  /** The codebook file, as the caller named it. */
  file: string;
  /** 1-based line and column, for people and `file:line:col` output. */
  line: number;
  column: number;
  /** 0-based range of the offending JSON, for the editor. */
  range: Range;
  /** Where in the document, as a JSON path such as `criteria[2].area` (empty for the whole file). */
  path: string;
  message: string;
}
