/**
 * The same data as each chart of the history, as tables: what a screen reader reads beside the
 * charts in the view, and what the exported HTML page prints under them. Each row may name the
 * place in a report it comes from (`target`), which the view turns into a button that opens it.
 */
import { crosswalk, ERAS, HISTORY_LINES, lineLabel } from './crosswalk';
import type { AuthorityHistory, Comparison } from './model';
import { GRADE_LABELS, KIND_LABELS, STATUS_LABELS } from './spec';

export interface TableTarget {
  file: string;
  line: number | null;
  character: number | null;
}

export interface HistoryTable {
  id: 'reports' | 'judgements' | 'items' | 'chains' | 'crosswalk' | 'comparison-grades' | 'comparison-findings';
  caption: string;
  headers: string[];
  rows: { cells: string[]; target: TableTarget | null }[];
}

const eraLabel = (id: string | null): string => ERAS.find((e) => e.id === id)?.label ?? 'Unknown';

export function historyTables(h: AuthorityHistory): HistoryTable[] {
  const labelOf = new Map(h.reports.map((r) => [r.file, r.label]));
  const tables: HistoryTable[] = [];
  tables.push({
    id: 'reports',
    caption: `Reports about ${h.authority}, oldest first`,
    headers: ['Report', 'Date', 'Kind', 'Framework', 'Era', 'Open items', 'File'],
    rows: h.reports.map((r) => ({
      cells: [
        r.label,
        r.date ? `${r.date.value.slice(0, r.date.precision === 'day' ? 10 : r.date.precision === 'month' ? 7 : 4)}${r.date.source === 'file-name' ? ' (from the file name)' : ''}` : 'Undated',
        KIND_LABELS[r.kind],
        r.framework.toUpperCase(),
        eraLabel(r.era),
        `${r.open} of ${r.items}`,
        r.file,
      ],
      target: { file: r.file, line: null, character: null },
    })),
  });
  const lines = HISTORY_LINES.filter((l) => h.reports.some((r) => r.grades.some((g) => g.line === l.id)));
  const graded = h.reports.filter((r) => r.grades.some((g) => g.line !== null));
  tables.push({
    id: 'judgements',
    caption: 'Grades by judgement across the eras (one row per judgement, one column per graded report)',
    headers: ['Judgement', ...graded.map((r) => r.label)],
    rows: lines.map((l) => ({
      cells: [
        l.label,
        ...graded.map((r) => {
          const g = r.grades.find((x) => x.line === l.id);
          return g ? `${GRADE_LABELS[g.grade]}${g.sharedWith ? ` (with ${lineLabel(g.sharedWith).toLowerCase()})` : ''}` : '—';
        }),
      ],
      target: null,
    })),
  });
  tables.push({
    id: 'items',
    caption: 'Improvement areas and tagged findings, by report',
    headers: ['Report', 'Paragraph', 'Judgement', 'Source', 'Status', 'Text'],
    rows: h.items.map((i) => ({
      cells: [
        labelOf.get(i.report) ?? i.report,
        i.paragraphNumber !== null ? `¶${i.paragraphNumber}` : (i.paragraph ?? ''),
        i.lineLabel,
        i.source === 'printed' ? 'Printed' : 'Tagged',
        STATUS_LABELS[i.status],
        i.text,
      ],
      target: { file: i.report, line: i.range?.start.line ?? null, character: i.range?.start.character ?? null },
    })),
  });
  tables.push({
    id: 'chains',
    caption: 'Recurring findings: first raised, the reports raising them, and whether the latest report still does',
    headers: ['Finding', 'First raised', 'Reports', 'Latest report'],
    rows: h.chains.map((c) => ({
      cells: [
        c.label,
        c.firstRaised === null ? 'Undated' : String(c.firstRaised),
        c.occurrences.map((o) => labelOf.get(o.report) ?? o.report).join('; '),
        c.latestStillRaises ? 'Still raised' : 'Not raised',
      ],
      target: c.occurrences[0] ? { file: c.occurrences[0].report, line: c.occurrences[0].range?.start.line ?? null, character: c.occurrences[0].range?.start.character ?? null } : null,
    })),
  });
  return tables;
}

/** The crosswalk between eras as a table. */
export function crosswalkTable(): HistoryTable {
  return {
    id: 'crosswalk',
    caption: 'How judgements continue from one era to the next',
    headers: ['Judgement', 'From', 'To', 'Relation', 'Note'],
    rows: crosswalk().map((c) => ({
      cells: [c.lineLabel, `${eraLabel(c.from)}: ${c.fromAreas.join(', ') || 'none'}`, `${eraLabel(c.to)}: ${c.toAreas.join(', ') || 'none'}`, c.relation, c.note ?? ''],
      target: null,
    })),
  };
}

export function comparisonTables(c: Comparison): HistoryTable[] {
  const lines = HISTORY_LINES.filter((l) => c.authorities.some((a) => a.grades.some((g) => g.line === l.id)));
  return [
    {
      id: 'comparison-grades',
      caption: 'Latest grade of each judgement, by authority',
      headers: ['Authority', ...lines.map((l) => l.label), 'Recurring findings'],
      rows: c.authorities.map((a) => ({
        cells: [
          a.authority,
          ...lines.map((l) => {
            const g = a.grades.find((x) => x.line === l.id);
            return g ? `${GRADE_LABELS[g.grade]}${g.date ? ` (${g.date.slice(0, 4)})` : ''}` : '—';
          }),
          String(a.chains),
        ],
        target: null,
      })),
    },
    {
      id: 'comparison-findings',
      caption: 'Recurring findings across authorities',
      headers: ['Finding', 'Authorities', 'Where it recurs', 'Still raised in'],
      rows: c.findings.map((f) => ({ cells: [f.label, String(f.authorities.length), f.authorities.join(', '), f.stillRaised.join(', ') || 'none'], target: null })),
    },
  ];
}
