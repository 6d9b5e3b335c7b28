/** Small lookups over a codebook that the picker, the CLI and the store share. */
import type { Codebook, Criterion, JudgementArea } from './types';

export function findArea(codebook: Codebook, id: string): JudgementArea | undefined {
  return codebook.areas.find((a) => a.id === id);
}

export function findCriterion(codebook: Codebook, id: string): Criterion | undefined {
  return codebook.criteria.find((c) => c.id === id);
}

/**
 * The criteria a paragraph under judgement area `areaId` is tagged against: those filed under the
 * area's `criterionAreas` (so `children-in-care-and-care-leavers` offers both children in care and
 * care leaver criteria). Unknown areas get no criteria.
 */
export function criteriaForArea(codebook: Codebook, areaId: string): Criterion[] {
  const area = findArea(codebook, areaId);
  if (!area) return [];
  const wanted = new Set(area.criterionAreas);
  return codebook.criteria.filter((c) => wanted.has(c.area));
}
