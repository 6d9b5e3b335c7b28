/**
 * The annotation model: what a QA officer records against a report, and the status they give to
 * the report's printed improvement areas. Plain JSON-serialisable data; the store
 * (`store.ts`) reads and writes it, the anchoring code (`anchoring.ts`) finds it again in a changed text.
 */

/** Version of the store file format written by this code. */
export const ANNOTATION_SCHEMA_VERSION = 1;

export const ASSESSMENTS = ['strength', 'area-for-improvement', 'serious-weakness'] as const;
export type Assessment = (typeof ASSESSMENTS)[number];

export const STATUSES = ['open', 'in-progress', 'resolved'] as const;
export type AnnotationStatus = (typeof STATUSES)[number];

/**
 * W3C Web Annotation TextQuoteSelector: the tagged text and up to ~32 characters of context either side,
 * exactly as they stood in the report when the selector was made.
 */
export interface TextQuoteSelector {
  exact: string;
  prefix: string;
  suffix: string;
}

/**
 * W3C Web Annotation TextPositionSelector: 0-based UTF-16 offsets into the report text with any
 * byte-order mark removed, line breaks counted as they are in the file; `end` is exclusive.
 */
export interface TextPositionSelector {
  start: number;
  end: number;
}

export interface Selectors {
  quote: TextQuoteSelector;
  position: TextPositionSelector;
}

export interface Annotation {
  /** Stable random id (a UUID), never reused. */
  id: string;
  /** Report path relative to the workspace folder, with forward slashes. */
  report: string;
  /** Id of the paragraph the tag was on when it was made or last re-anchored (`p12`, `<section>.<n>`). */
  paragraph: string;
  selectors: Selectors;
  /** Codebook criterion ids, in the order the user chose them. */
  criteria: string[];
  assessment: Assessment | null;
  status: AnnotationStatus;
  note: string;
  author: string;
  /** ISO 8601 date-time. */
  created: string;
  /** ISO 8601 date-time. */
  modified: string;
}

/**
 * The status a user gave to one printed improvement area of a report ("What needs to improve",
 * priority actions...). Keyed by report, the parser's improvement id (`ia3`) and the item's text:
 * the text guards against a reissued report renumbering its items, so a status never moves to a
 * different item.
 */
export interface ImprovementStatusRecord {
  /** Report path relative to the workspace folder, with forward slashes. */
  report: string;
  /** The parser's improvement-area id at the time (`ia<ordinal>`). */
  improvement: string;
  /** The improvement area's text as the parser gave it. */
  quote: string;
  status: AnnotationStatus;
  /**
   * Criteria the user gave the item, replacing the ones suggested from its words; absent while the
   * suggestions stand.
   */
  criteria?: string[];
  note: string;
  author: string;
  /** ISO 8601 date-time. */
  modified: string;
}

export const RAGS = ['red', 'amber', 'green'] as const;
export type Rag = (typeof RAGS)[number];

/**
 * The improvement plan for one improvement item of a report: who owns it, when it is due, and a
 * red/amber/green rating with its reason. Kept beside the statuses, apart from them, so that
 * planning an item never sets its status. An item is a printed improvement area (by `improvement`
 * and `quote`, as its status is) or a tag (by `annotation`, its id).
 */
export interface ImprovementPlanRecord {
  report: string;
  improvement?: string;
  quote?: string;
  annotation?: string;
  owner: string;
  /** yyyy-mm-dd, or null. */
  due: string | null;
  rag: Rag | null;
  /** Why the item has its rating. */
  reason: string;
  author: string;
  /** ISO 8601 date-time. */
  modified: string;
}

/** Everything the store keeps for one report: the content of one store file. */
export interface ReportAnnotations {
  schemaVersion: typeof ANNOTATION_SCHEMA_VERSION;
  report: string;
  annotations: Annotation[];
  improvements: ImprovementStatusRecord[];
  /** Improvement plans; absent from a file that holds none. */
  plans?: ImprovementPlanRecord[];
}

/** Which item a plan is for. */
export type PlanTarget = { improvement: string; quote: string } | { annotation: string };

/** What a caller supplies to set an item's plan: the fields to change (others are kept). */
export interface ImprovementPlanInput {
  owner?: string;
  due?: string | null;
  rag?: Rag | null;
  reason?: string;
  author: string;
}

/** What a caller supplies to make a new annotation; the store fills in id, report and times. */
export interface NewAnnotation {
  paragraph: string;
  selectors: Selectors;
  criteria: string[];
  assessment?: Assessment | null;
  status?: AnnotationStatus;
  note?: string;
  author: string;
}

/** Fields of an annotation a caller may change. */
export type AnnotationPatch = Partial<Pick<Annotation, 'paragraph' | 'selectors' | 'criteria' | 'assessment' | 'status' | 'note'>>;

/** What a caller supplies to set the status of a printed improvement area. */
export interface ImprovementStatusInput {
  improvement: string;
  quote: string;
  status: AnnotationStatus;
  /** New criteria for the item; when absent, criteria already recorded are kept. */
  criteria?: string[];
  note?: string;
  author: string;
}
