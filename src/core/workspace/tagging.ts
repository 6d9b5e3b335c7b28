/**
 * Helpers for tagging a whole paragraph without an editor: finding the paragraph a user named
 * (by printed number or by id) and making the selectors for its text.
 */
import { createSelectors, stripBom, type Selectors } from '../annotations';
import type { Codebook, Criterion } from '../codebook';
import type { Paragraph, Report } from '../model';
import { LineIndex } from '../range';
import { editDistance } from '../text';

export type ParagraphLookup = { ok: true; paragraph: Paragraph } | { ok: false; message: string };

/** Up to `limit` candidates closest to `wanted`: containing it, or within a few edits. */
export function nearMatches(wanted: string, candidates: readonly string[], limit = 5): string[] {
  const w = wanted.toLowerCase();
  const scored: { c: string; d: number }[] = [];
  for (const c of candidates) {
    const l = c.toLowerCase();
    const d = l.includes(w) || w.includes(l) ? 0 : editDistance(w, l);
    if (d <= Math.max(2, Math.floor(w.length / 3))) scored.push({ c, d });
  }
  scored.sort((a, b) => a.d - b.d || (a.c < b.c ? -1 : a.c > b.c ? 1 : 0));
  return scored.slice(0, limit).map((s) => s.c);
}

/** Describes the numbered paragraphs of a report compactly: "1 to 8", "1 to 5, 7 to 9". */
function numberRanges(numbers: number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    runs.push(i === j ? `${sorted[i]}` : `${sorted[i]} to ${sorted[j]}`);
    i = j + 1;
  }
  return runs.join(', ');
}

/**
 * The paragraph `ref` names: a printed number (`12`) or a paragraph id (`p12`,
 * `what-needs-to-improve.2`). The error message says what the report has instead.
 */
export function findParagraph(report: Report, ref: string): ParagraphLookup {
  const wanted = ref.trim();
  if (/^\d+$/.test(wanted)) {
    const n = Number(wanted);
    const found = report.paragraphs.find((p) => p.number === n);
    if (found) return { ok: true, paragraph: found };
    const numbers = report.paragraphs.flatMap((p) => (p.number === null ? [] : [p.number]));
    if (numbers.length === 0) {
      const examples = report.paragraphs.slice(0, 3).map((p) => p.id);
      return {
        ok: false,
        message: `${report.file} has no numbered paragraphs, so there is no paragraph ${n}; name a paragraph by its id instead` +
          (examples.length ? ` (for example ${examples.join(', ')}; "ilacs parse --json" lists them all)` : ''),
      };
    }
    return { ok: false, message: `${report.file} has no paragraph numbered ${n}; its numbered paragraphs are ${numberRanges(numbers)}` };
  }
  const found = report.paragraphs.find((p) => p.id === wanted);
  if (found) return { ok: true, paragraph: found };
  const near = nearMatches(wanted, report.paragraphs.map((p) => p.id));
  return {
    ok: false,
    message: `${report.file} has no paragraph with id "${wanted}"` + (near.length ? `; did you mean ${near.map((n) => `"${n}"`).join(', ')}?` : ''),
  };
}

/**
 * What tagging a whole paragraph tags: its range, less the printed paragraph number ("12." and the
 * white space after it) or the bullet glyph the range starts with, so a tag's quote is the
 * paragraph's words whether it was made in the editor or with `ilacs tag`.
 */
export function paragraphBody(text: string, start: number, end: number, paragraph: Pick<Paragraph, 'number' | 'kind'>): { start: number; end: number } {
  const head = text.slice(start, Math.min(end, start + 16));
  const lead = paragraph.number !== null ? /^\(?\d+[.)]?\s+/.exec(head) : paragraph.kind === 'bullet' ? /^[•▪◼■●◦○□◆➢➤✓\-–—−*+\uF000-\uF0FF]\s*/.exec(head) : null;
  if (lead && start + lead[0].length < end) start += lead[0].length;
  return { start, end };
}

/** Selectors covering a paragraph's words in `text` (the text the report was parsed from). */
export function paragraphSelectors(text: string, paragraph: Paragraph): Selectors {
  const body = stripBom(text);
  const index = new LineIndex(body);
  const { start, end } = paragraphBody(body, index.offsetAt(paragraph.range.start), index.offsetAt(paragraph.range.end), paragraph);
  return createSelectors(body, start, end);
}

export type CriteriaLookup = { ok: true; criteria: Criterion[] } | { ok: false; messages: string[] };

/**
 * The criteria named by `ids` in the codebook (duplicates dropped, order kept), or one message per
 * unknown id with the nearest ids and labels.
 */
export function findCriteria(codebook: Codebook, ids: readonly string[]): CriteriaLookup {
  const byId = new Map(codebook.criteria.map((c) => [c.id, c]));
  const found: Criterion[] = [];
  const messages: string[] = [];
  for (const id of ids) {
    const c = byId.get(id.trim());
    if (c) {
      if (!found.includes(c)) found.push(c);
      continue;
    }
    const near = nearMatches(id.trim(), [...byId.keys()]);
    const byLabel = codebook.criteria.filter((x) => x.label.toLowerCase().includes(id.trim().toLowerCase()) || x.keywords.includes(id.trim().toLowerCase()));
    const hints = [...new Set([...near, ...byLabel.map((x) => x.id)])].slice(0, 5);
    messages.push(
      `unknown criterion "${id}" in the codebook (${codebook.source})` +
        (hints.length ? `; did you mean ${hints.map((h) => `"${h}"`).join(', ')}?` : '; "ilacs codebook" lists the criteria'),
    );
  }
  return messages.length ? { ok: false, messages } : { ok: true, criteria: found };
}
