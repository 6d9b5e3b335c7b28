/**
 * How the hover names and orders the same finding in other reports. Pure (no `vscode` import), so it is
 * tested in plain Node.
 */
import type { Finding } from '../core/recurrence';
import { kindLabel } from './views/labels';

/** `2019 inspection ¶12`, `2024 inspection, what needs to improve`, `2022 focused visit, findings`. */
export function findingLabel(f: Finding): string {
  const when = f.reportDate ? f.reportDate.slice(0, 4) : 'Undated';
  const kind = kindLabel(f.reportKind).toLowerCase();
  if (f.paragraphNumber !== null) return `${when} ${kind} ¶${f.paragraphNumber}`;
  // An unnumbered paragraph is named by its section: `what-needs-to-improve.2` reads "what needs to improve".
  const section = f.paragraph === null ? '' : f.paragraph.replace(/[.~]\d+$/, '').replace(/-\d+$/, '');
  const words = section.split('-').filter(Boolean);
  const where = words.length === 0 || section === 'intro' ? 'summary' : words.slice(0, 5).join(' ') + (words.length > 5 ? '…' : '');
  return `${when} ${kind}, ${where}`;
}

const SOURCE_ORDER: Record<Finding['source'], number> = { printed: 0, tagged: 1, suggested: 2 };

/**
 * The findings worth a link, best first: what Ofsted printed and what the user tagged before
 * anything merely suggested, and at most one suggested paragraph per report, so one long report
 * does not fill every link.
 */
export function linkOrder(findings: readonly Finding[]): Finding[] {
  const seenSuggested = new Set<string>();
  const kept = findings.filter((f) => {
    if (f.source !== 'suggested') return true;
    if (seenSuggested.has(f.report)) return false;
    seenSuggested.add(f.report);
    return true;
  });
  return kept
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SOURCE_ORDER[a.f.source] - SOURCE_ORDER[b.f.source] || a.i - b.i)
    .map(({ f }) => f);
}
