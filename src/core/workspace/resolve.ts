/**
 * Where each annotation of a report is now: re-anchored on the report's current text and placed in
 * the paragraph of the parsed report that holds it. What the annotations listing, the improvement
 * tree and the editor's decorations all start from.
 */
import { AnchoringText, paragraphForAnchor, reanchor, stripBom, type AnchorMethod, type Annotation } from '../annotations';
import type { Report } from '../model';
import { LineIndex, type Range } from '../range';

export interface CurrentAnchor {
  /** Id of the paragraph now holding the tag (`p12`, `<section>.<n>`), or null when the report has no paragraphs. */
  paragraph: string | null;
  /** That paragraph's printed number, or null. */
  number: number | null;
  range: Range;
  /** The report text now at `range`, exactly. */
  quote: string;
}

export interface ResolvedAnnotation {
  annotation: Annotation;
  orphaned: boolean;
  /** Null for an orphan: its text is no longer in the report (or the report is gone). */
  anchor: CurrentAnchor | null;
  /** How the tag was found again (`orphan` when it was not). */
  method: AnchorMethod;
}

/**
 * Re-anchors every annotation on `text` (the report's current text, as the parser read it) and
 * places it in a paragraph of `report` (parsed from that same text). The annotations are not changed:
 * callers that want to save the new position write it through the store.
 */
export function resolveAnnotations(report: Report, text: string, annotations: readonly Annotation[]): ResolvedAnnotation[] {
  if (annotations.length === 0) return [];
  const body = stripBom(text);
  const anchoring = new AnchoringText(body);
  const index = new LineIndex(body);
  return annotations.map((annotation) => {
    const found = reanchor(anchoring, annotation.selectors);
    if (!found.anchor) return { annotation, orphaned: true, anchor: null, method: found.method };
    const paragraph = paragraphForAnchor(report.paragraphs, index, found.anchor);
    return {
      annotation,
      orphaned: false,
      anchor: {
        paragraph: paragraph?.id ?? null,
        number: paragraph?.number ?? null,
        range: index.rangeOf(found.anchor.start, found.anchor.end),
        quote: body.slice(found.anchor.start, found.anchor.end),
      },
      method: found.method,
    };
  });
}

/** The annotations of a report that cannot be read (missing, deleted, not a report): all orphans. */
export function orphanAnnotations(annotations: readonly Annotation[]): ResolvedAnnotation[] {
  return annotations.map((annotation) => ({ annotation, orphaned: true, anchor: null, method: 'orphan' }));
}
