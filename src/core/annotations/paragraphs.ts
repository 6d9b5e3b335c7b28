/**
 * Which paragraph of a parsed report an anchored tag now falls in.
 */
import type { Paragraph } from '../model';
import type { LineIndex } from '../range';
import type { TextRange } from './anchoring';

/**
 * The paragraph sharing the most text with `anchor` (offsets into the text `index` was built on).
 * A tag lying wholly between paragraphs (in a heading-less gap or blank lines) gets the paragraph
 * that starts nearest after it ends, or, failing that, the last one before it; null only when the
 * report has no paragraphs.
 */
export function paragraphForAnchor(paragraphs: readonly Paragraph[], index: LineIndex, anchor: TextRange): Paragraph | null {
  let best: Paragraph | null = null;
  let bestOverlap = 0;
  let after: { p: Paragraph; gap: number } | null = null;
  let before: { p: Paragraph; gap: number } | null = null;
  for (const p of paragraphs) {
    const start = index.offsetAt(p.range.start);
    const end = index.offsetAt(p.range.end);
    const overlap = Math.min(end, anchor.end) - Math.max(start, anchor.start);
    if (overlap > bestOverlap) {
      best = p;
      bestOverlap = overlap;
    }
    if (start >= anchor.end && (!after || start - anchor.end < after.gap)) after = { p, gap: start - anchor.end };
    if (end <= anchor.start && (!before || anchor.start - end < before.gap)) before = { p, gap: anchor.start - end };
  }
  return best ?? after?.p ?? before?.p ?? null;
}
