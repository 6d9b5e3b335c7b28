/**
 * The export model: the JSON document `ilacs export` writes and the editor's export commands save,
 * described by `schemas/export.schema.json`. CSV and REFI-QDA projects are made from the same
 * document, so the three formats always agree.
 *
 * The document is the product's contract with other programs: fields are only ever added in a
 * version, never renamed or removed; a change that would break a reader raises `schemaVersion`
 * and the schema's `$id`.
 */
import type { AnnotationStatus, Assessment, TextQuoteSelector, TextPositionSelector } from '../annotations';
import type { Grade, ImprovementSource, ReportKind, Framework, Timescale } from '../model';
import type { StatusFilter } from '../workspace/improvements';

/** Version of the export format written by this code. */
export const EXPORT_SCHEMA_VERSION = 1;

/**
 * The export schema's identifier, written as `$schema` in every export. A name, not an address:
 * the `.invalid` host never resolves (RFC 2606). The schema itself ships with the product as
 * `schemas/export.schema.json`; a validator maps this id to that file.
 */
export const EXPORT_SCHEMA_ID = 'https://ilacs-annotator.invalid/schemas/export-v1.schema.json';

/** A position for people: 1-based line and column (columns in UTF-16 code units, as the editor counts them). */
export interface LineColumn {
  line: number;
  column: number;
}

/** Where a finding's text is in its report's text (byte-order mark removed, line breaks as in the file). */
export interface ExportLocation {
  /** First character of the finding. */
  start: LineColumn;
  /** Just after the last character (where the cursor stands when the text is selected). */
  end: LineColumn;
  /** 0-based offsets in UTF-16 code units, end exclusive (JavaScript, Java, C#, VS Code). */
  offsets: { start: number; end: number };
  /** 0-based offsets in Unicode code points, end exclusive (Python, and REFI-QDA positions). */
  codePoints: { start: number; end: number };
}

/** The report a finding is in, as the parser read it. */
export interface ExportReport {
  /** Path relative to the workspace folder, forward slashes. */
  file: string;
  localAuthority: string | null;
  /** Null when the report file is missing or cannot be read. */
  kind: ReportKind | null;
  framework: Framework | null;
  title: string | null;
  /** Publication or letter date, yyyy-mm-dd. */
  published: string | null;
  inspectionDates: { start: string; end: string } | null;
  /** The report's one date (printed, from the file name, or the user's correction), or null. */
  date: { value: string; precision: 'day' | 'month' | 'year'; source: 'text' | 'file-name' | 'user' } | null;
  leadInspector: string | null;
  grades: { area: string; grade: Grade }[];
}

export interface ExportCriterion {
  id: string;
  /** Null when the codebook in force does not know the id. */
  label: string | null;
  /** Judgement area id and label, null when unknown. */
  area: string | null;
  areaLabel: string | null;
}

/** What the annotation store keeps for a tag: what `ilacs import` writes back. */
export interface StoredTagAnchor {
  /** The paragraph id the store last recorded. */
  paragraph: string;
  selectors: { quote: TextQuoteSelector; position: TextPositionSelector };
}

/** What the store keeps for a printed improvement area's status (null in a finding when nothing is stored). */
export interface StoredImprovementStatus {
  /** The parser's improvement id when the status was given (`ia3`). */
  improvement: string;
  /** The item's text when the status was given. */
  quote: string;
  /** Criteria the user chose for the item; absent while the suggested ones stand. */
  criteria?: string[];
}

interface FindingBase {
  report: ExportReport;
  /** Paragraph id (`p7`, `<section>.<n>`); for an orphaned tag, the last one it was seen in. */
  paragraph: string | null;
  paragraphNumber: number | null;
  /** Null for an orphaned tag: its text is no longer in the report. */
  location: ExportLocation | null;
  /** The exact text (for an orphan, the text as it was when last seen). */
  text: string;
  criteria: ExportCriterion[];
  status: AnnotationStatus;
  note: string;
  orphaned: boolean;
  /** Ids of the other exported findings on paragraphs the recurrence index links to this one. */
  recurrences: string[];
  /**
   * Improvement items only (printed items, tags assessed area-for-improvement or serious-weakness):
   * the paragraphs of later reports of the same authority that evaluate the same matter, oldest first.
   */
  followUps?: ExportFollowUp[];
  /** Improvement items only: the item's improvement plan, or null when none is stored. */
  plan?: ExportPlan | null;
}

export interface ExportFollowUp {
  file: string;
  paragraph: string;
  verdict: 'improved' | 'progress' | 'not-improved';
  date: string | null;
}

export interface ExportPlan {
  /** Printed items: the improvement id and text the plan was stored under (what `ilacs import` writes back). */
  improvement?: string;
  quote?: string;
  owner: string;
  /** yyyy-mm-dd or null. */
  due: string | null;
  rag: 'red' | 'amber' | 'green' | null;
  reason: string;
  author: string;
  modified: string;
}

export interface TaggedFinding extends FindingBase {
  /** The annotation's id (stable, a UUID). */
  id: string;
  type: 'tagged';
  assessment: Assessment | null;
  author: string;
  created: string;
  modified: string;
  stored: StoredTagAnchor;
}

export interface PrintedFinding extends FindingBase {
  /** `printed:<report>#<improvement id>`. */
  id: string;
  type: 'printed';
  assessment: null;
  /** Who set the stored status, and when; null when none is stored. */
  author: string | null;
  created: null;
  modified: string | null;
  improvement: {
    id: string;
    /** The heading it was printed under; null for a stored status whose item the report no longer prints. */
    source: ImprovementSource | null;
    timescale: Timescale | null;
    /** True while the criteria are the ones suggested from the item's words. */
    criteriaSuggested: boolean;
  };
  stored: StoredImprovementStatus | null;
}

export type ExportFinding = TaggedFinding | PrintedFinding;

export interface ExportCodebook {
  source: 'builtin' | 'workspace';
  /** `.ilacs/codebook.json` for a workspace codebook, else null. */
  file: string | null;
  areas: { id: string; label: string; framework: string; colour: string }[];
  criteria: { id: string; label: string; area: string; description: string }[];
}

export interface ExportFilter {
  /** `all`, or the Improvement Areas view's meaning: `open` is everything not resolved. */
  status: StatusFilter;
  /** Only these reports, or null for every report. */
  reports: string[] | null;
  criterion: string | null;
  assessment: Assessment | null;
  /** Whether printed improvement areas are exported as findings. */
  printed: boolean;
  /** True when the export is what the Improvement Areas view showed. */
  view: boolean;
}

export interface ExportCounts {
  reports: number;
  findings: number;
  tagged: number;
  printed: number;
  orphaned: number;
  byStatus: Record<AnnotationStatus, number>;
  byAssessment: Record<Assessment | 'none', number>;
}

export interface ExportDocument {
  $schema: typeof EXPORT_SCHEMA_ID;
  schemaVersion: typeof EXPORT_SCHEMA_VERSION;
  exported: string;
  generator: { name: string; version: string };
  /** The workspace folder's name (never a full path). */
  workspace: string;
  filter: ExportFilter;
  codebook: ExportCodebook;
  counts: ExportCounts;
  findings: ExportFinding[];
}

export type ExportFormat = 'json' | 'csv' | 'qdpx';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'csv', 'qdpx'];

/** The format a file name asks for, by extension, or undefined. */
export function formatForFile(file: string): ExportFormat | undefined {
  const lower = file.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.qdpx')) return 'qdpx';
  if (lower.endsWith('.json')) return 'json';
  return undefined;
}
