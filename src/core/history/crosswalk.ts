/**
 * The framework's eras and the crosswalk between their judgements: which judgement of one era
 * continues which judgement of the era before. The history draws one row ("line") per judgement
 * that runs across eras, so a 2012 SLAC grade, a 2016 SIF grade and a 2021 ILACS grade of the same
 * thing sit on one row, and every join between eras is written down here rather than guessed from
 * labels.
 *
 * Eras (see the README's "Authority history"):
 * - `slac`: safeguarding and looked after children inspections, 2009 to November 2013;
 * - `sif`: the single inspection framework, November 2013 to 2017;
 * - `ilacs-2018`: ILACS with one judgement for children in care and care leavers, 2018 to 2022;
 * - `ilacs-2023`: ILACS with children in care and care leavers judged apart, 2023 to March 2026;
 * - `ilacs-2026`: ILACS without an overall effectiveness judgement, April 2026 on.
 */
import type { Framework, Judgement } from '../model';

export type EraId = 'slac' | 'sif' | 'ilacs-2018' | 'ilacs-2023' | 'ilacs-2026';

export interface Era {
  id: EraId;
  label: string;
  framework: Framework;
  /** First day of the era, yyyy-mm-dd. */
  start: string;
  /** First day after the era, or null while it lasts. */
  end: string | null;
}

export const ERAS: readonly Era[] = [
  { id: 'slac', label: 'SLAC', framework: 'slac', start: '2009-06-01', end: '2013-11-01' },
  { id: 'sif', label: 'SIF', framework: 'sif', start: '2013-11-01', end: '2018-01-01' },
  { id: 'ilacs-2018', label: 'ILACS', framework: 'ilacs', start: '2018-01-01', end: '2023-01-01' },
  { id: 'ilacs-2023', label: 'ILACS: care leavers judged apart', framework: 'ilacs', start: '2023-01-01', end: '2026-04-01' },
  { id: 'ilacs-2026', label: 'ILACS: no overall effectiveness', framework: 'ilacs', start: '2026-04-01', end: null },
];

export type LineId =
  | 'overall-effectiveness'
  | 'help-and-protection'
  | 'children-in-care'
  | 'care-leavers'
  | 'leaders'
  | 'sif-adoption'
  | 'sif-lscb'
  | 'slac-safeguarding-capacity'
  | 'slac-looked-after-capacity'
  | 'slac-safeguarding-leadership'
  | 'slac-looked-after-leadership';

/** What a line's judgement is in one era. */
export interface LineEra {
  /** The judgement area ids that give the line its grade in this era (first graded wins). */
  areas: string[];
  /** Set when the era's judgement also grades another line (ILACS 2018-2022: children in care and care leavers together). */
  sharedWith?: LineId;
  /** Why the line has no judgement in this era, or how it relates to the last. */
  note?: string;
}

export interface HistoryLine {
  id: LineId;
  label: string;
  /** The line in each era; an era not listed gives this line no grade. */
  eras: Partial<Record<EraId, LineEra>>;
}

/**
 * The lines in the order the history draws them: the four ILACS judgements and overall
 * effectiveness first, then judgements of one era only.
 */
export const HISTORY_LINES: readonly HistoryLine[] = [
  {
    id: 'overall-effectiveness',
    label: 'Overall effectiveness',
    eras: {
      slac: { areas: [], note: 'SLAC gave no overall judgement of the whole service: safeguarding and looked after children were judged apart.' },
      sif: { areas: ['sif-overall-effectiveness'] },
      'ilacs-2018': { areas: ['overall-effectiveness'], note: 'Continues the SIF overall effectiveness judgement.' },
      'ilacs-2023': { areas: ['overall-effectiveness'] },
      'ilacs-2026': { areas: [], note: 'No overall effectiveness judgement is given from April 2026.' },
    },
  },
  {
    id: 'help-and-protection',
    label: 'Help and protection',
    eras: {
      slac: { areas: ['slac-safeguarding-overall-effectiveness'], note: 'The overall effectiveness of safeguarding services.' },
      sif: { areas: ['sif-help-and-protection'], note: 'Continues SLAC safeguarding: children who need help and protection.' },
      'ilacs-2018': { areas: ['help-and-protection'], note: 'Continues the SIF help and protection judgement.' },
      'ilacs-2023': { areas: ['help-and-protection'] },
      'ilacs-2026': { areas: ['help-and-protection'] },
    },
  },
  {
    id: 'children-in-care',
    label: 'Children in care',
    eras: {
      slac: { areas: ['slac-looked-after-overall-effectiveness'], note: 'The overall effectiveness of services for looked after children.' },
      sif: { areas: ['sif-looked-after-and-permanence'], note: 'Children looked after and achieving permanence; continues SLAC looked after children.' },
      'ilacs-2018': { areas: ['children-in-care-and-care-leavers'], sharedWith: 'care-leavers', note: 'One judgement for children in care and care leavers; continues SIF children looked after.' },
      'ilacs-2023': { areas: ['children-in-care'], note: 'Judged apart from care leavers from January 2023; continues the combined judgement.' },
      'ilacs-2026': { areas: ['children-in-care'] },
    },
  },
  {
    id: 'care-leavers',
    label: 'Care leavers',
    eras: {
      slac: { areas: [], note: 'SLAC graded care leavers within looked after children, not apart.' },
      sif: { areas: ['sif-care-leavers'], note: 'The experiences and progress of care leavers.' },
      'ilacs-2018': { areas: ['children-in-care-and-care-leavers'], sharedWith: 'children-in-care', note: 'One judgement for children in care and care leavers; continues SIF care leavers.' },
      'ilacs-2023': { areas: ['care-leavers'], note: 'Judged apart from January 2023; continues the combined judgement.' },
      'ilacs-2026': { areas: ['care-leavers'] },
    },
  },
  {
    id: 'leaders',
    label: 'Impact of leaders',
    eras: {
      slac: { areas: [], note: 'SLAC judged leadership and management twice, for safeguarding and for looked after children: see their own rows.' },
      sif: { areas: ['sif-leadership'], note: 'Leadership, management and governance.' },
      'ilacs-2018': { areas: ['impact-of-leaders'], note: 'Continues SIF leadership, management and governance.' },
      'ilacs-2023': { areas: ['impact-of-leaders'] },
      'ilacs-2026': { areas: ['impact-of-leaders'] },
    },
  },
  { id: 'sif-adoption', label: 'Adoption performance (SIF)', eras: { sif: { areas: ['sif-adoption'], note: 'Not continued: ILACS looks at adoption within children in care.' } } },
  { id: 'sif-lscb', label: 'LSCB review (SIF)', eras: { sif: { areas: ['sif-lscb'], note: 'Not continued: ILACS does not review the safeguarding board.' } } },
  {
    id: 'slac-safeguarding-capacity',
    label: 'SLAC capacity to improve: safeguarding',
    eras: { slac: { areas: ['slac-safeguarding-capacity-for-improvement'], note: 'Not continued after SLAC.' } },
  },
  {
    id: 'slac-looked-after-capacity',
    label: 'SLAC capacity to improve: looked after',
    eras: { slac: { areas: ['slac-looked-after-capacity-for-improvement'], note: 'Not continued after SLAC.' } },
  },
  {
    id: 'slac-safeguarding-leadership',
    label: 'SLAC leadership: safeguarding',
    eras: { slac: { areas: ['slac-safeguarding-leadership-and-management'], note: 'Leadership is judged once, for the whole service, from SIF on.' } },
  },
  {
    id: 'slac-looked-after-leadership',
    label: 'SLAC leadership: looked after',
    eras: { slac: { areas: ['slac-looked-after-leadership-and-management'], note: 'Leadership is judged once, for the whole service, from SIF on.' } },
  },
];

/** One join of the crosswalk: a line's judgement in one era and the one it continues in the era before. */
export interface CrosswalkEntry {
  line: LineId;
  lineLabel: string;
  from: EraId;
  fromAreas: string[];
  to: EraId;
  toAreas: string[];
  /**
   * `continues`: the same judgement or its direct successor; `splits`: one judgement becomes two
   * (the later one is one of them); `joins`: two become one; `starts`: nothing before; `ends`:
   * nothing after.
   */
  relation: 'continues' | 'splits' | 'joins' | 'starts' | 'ends';
  note: string | null;
}

/** The crosswalk, era by era, for every line: derived from `HISTORY_LINES`, which states each join. */
export function crosswalk(): CrosswalkEntry[] {
  const out: CrosswalkEntry[] = [];
  for (const line of HISTORY_LINES) {
    for (let i = 1; i < ERAS.length; i++) {
      const before = line.eras[ERAS[i - 1].id];
      const after = line.eras[ERAS[i].id];
      const fromAreas = before?.areas ?? [];
      const toAreas = after?.areas ?? [];
      if (fromAreas.length === 0 && toAreas.length === 0) continue;
      let relation: CrosswalkEntry['relation'] = 'continues';
      if (fromAreas.length === 0) relation = 'starts';
      else if (toAreas.length === 0) relation = 'ends';
      else if (before?.sharedWith && !after?.sharedWith) relation = 'splits';
      else if (!before?.sharedWith && after?.sharedWith) relation = 'joins';
      out.push({ line: line.id, lineLabel: line.label, from: ERAS[i - 1].id, fromAreas, to: ERAS[i].id, toAreas, relation, note: after?.note ?? before?.note ?? null });
    }
  }
  return out;
}

/**
 * The era a report belongs to: its framework; for ILACS, the judgements it grades when they tell
 * (the combined children in care and care leavers judgement is 2018 to 2022; separate ones are
 * 2023 on, without overall effectiveness from April 2026), else its date (`date`: when it was
 * inspected, else published); a report of no known framework by its date alone.
 */
export function eraOf(framework: Framework, date: string | null, judgements: readonly Judgement[]): EraId | null {
  if (framework === 'slac') return 'slac';
  if (framework === 'sif') return 'sif';
  if (framework === 'ilacs') {
    const areas = new Set(judgements.map((j) => j.area));
    if (areas.has('children-in-care-and-care-leavers')) return 'ilacs-2018';
    if (areas.has('care-leavers') || areas.has('children-in-care')) return areas.has('overall-effectiveness') ? 'ilacs-2023' : 'ilacs-2026';
    if (date) {
      if (date >= '2026-04-01') return 'ilacs-2026';
      if (date >= '2023-01-01') return 'ilacs-2023';
    }
    return 'ilacs-2018';
  }
  if (!date) return null;
  for (const era of ERAS) if (date >= era.start && (era.end === null || date < era.end)) return era.id;
  return null;
}

/** The lines a judgement area grades in an era (two for the 2018-2022 combined judgement). */
export function linesOf(area: string, era: EraId | null): LineId[] {
  const out: LineId[] = [];
  for (const line of HISTORY_LINES) {
    const eras = era ? [line.eras[era]] : Object.values(line.eras);
    if (eras.some((e) => e?.areas.includes(area))) out.push(line.id);
  }
  return out;
}

/** The line an ILACS criterion area (what findings are tagged against) sits on. */
export function lineOfCriterionArea(area: string | null): LineId | null {
  switch (area) {
    case 'help-and-protection':
    case 'children-in-care':
    case 'care-leavers':
    case 'overall-effectiveness':
      return area;
    case 'children-in-care-and-care-leavers':
      return 'children-in-care';
    case 'impact-of-leaders':
      return 'leaders';
    default: {
      if (area === null) return null;
      return linesOf(area, null)[0] ?? null;
    }
  }
}

export function lineLabel(id: LineId): string {
  return HISTORY_LINES.find((l) => l.id === id)?.label ?? id;
}
