/**
 * Agreement statistics over reliability data: units (here, paragraphs) coded by several coders
 * (authors), each coder giving a unit one nominal value or none (the coder did not code it).
 *
 * - observed agreement: among the units at least two coders coded, the share on which every coder
 *   who coded the unit gave the same value;
 * - Cohen's kappa (two coders, units both coded): (po - pe) / (1 - pe), with pe the agreement
 *   expected from each coder's own value frequencies (Cohen 1960);
 * - Krippendorff's alpha, nominal metric, any number of coders, missing values allowed:
 *   1 - Do / De computed from the coincidence matrix (Krippendorff 2011, "Computing Krippendorff's
 *   Alpha-Reliability").
 *
 * A statistic that is undefined (no pairable unit; kappa or alpha when chance agreement is total,
 * i.e. every value given is the same one) is null, never a made-up 1 or 0.
 */

/** One unit's values, one per coder in a fixed coder order; null where that coder gave none. */
export type ReliabilityUnit = readonly (string | null)[];

export interface Figures {
  /** Units at least two coders coded (for kappa: both coders). */
  units: number;
  agreement: number | null;
  kappa: number | null;
  alpha: number | null;
}

function present(unit: ReliabilityUnit): string[] {
  return unit.filter((v): v is string => v !== null);
}

/** Share of units (with at least two values) whose values are all the same; null without such units. */
export function observedAgreement(units: readonly ReliabilityUnit[]): number | null {
  let pairable = 0;
  let agreed = 0;
  for (const u of units) {
    const values = present(u);
    if (values.length < 2) continue;
    pairable++;
    if (values.every((v) => v === values[0])) agreed++;
  }
  return pairable === 0 ? null : agreed / pairable;
}

/**
 * Cohen's kappa of the first two coders of each unit, over the units both coded. Null when no unit
 * was coded by both, or when expected agreement is 1 (both coders gave one and the same value
 * throughout, so kappa is 0/0).
 */
export function cohenKappa(units: readonly ReliabilityUnit[]): number | null {
  const a = new Map<string, number>();
  const b = new Map<string, number>();
  let n = 0;
  let agreed = 0;
  for (const u of units) {
    const x = u[0];
    const y = u[1];
    if (x === null || y === null || x === undefined || y === undefined) continue;
    n++;
    if (x === y) agreed++;
    a.set(x, (a.get(x) ?? 0) + 1);
    b.set(y, (b.get(y) ?? 0) + 1);
  }
  if (n === 0) return null;
  const po = agreed / n;
  let pe = 0;
  for (const [value, count] of a) pe += (count / n) * ((b.get(value) ?? 0) / n);
  if (pe >= 1 - 1e-12) return null;
  return (po - pe) / (1 - pe);
}

/**
 * Krippendorff's alpha for nominal data. Units with fewer than two values are not pairable and are
 * left out. With o(c,k) the coincidences (each ordered pair of values within a unit of m values
 * counts 1/(m-1)), n(c) their margins and n the pairable values:
 * alpha = 1 - (n - 1) * sum over c != k of o(c,k) / sum over c != k of n(c) n(k).
 * Null when there is no pairable unit or when every pairable value is the same (De = 0).
 */
export function krippendorffAlpha(units: readonly ReliabilityUnit[]): number | null {
  const margins = new Map<string, number>();
  let disagreeing = 0; // sum over c != k of o(c,k)
  let n = 0;
  for (const u of units) {
    const values = present(u);
    const m = values.length;
    if (m < 2) continue;
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    // Ordered pairs of different values: m^2 minus pairs of equal values (each value with itself excluded: sum n_v (n_v - 1)), minus equal pairs.
    let same = 0;
    for (const c of counts.values()) same += c * (c - 1);
    const ordered = m * (m - 1);
    disagreeing += (ordered - same) / (m - 1);
    for (const [v, c] of counts) margins.set(v, (margins.get(v) ?? 0) + c);
    n += m;
  }
  if (n === 0) return null;
  let sumSquares = 0;
  for (const c of margins.values()) sumSquares += c * c;
  const expected = n * n - sumSquares; // sum over c != k of n(c) n(k)
  if (expected === 0) return null;
  return 1 - ((n - 1) * disagreeing) / expected;
}

/** All three statistics over the same units (kappa only with exactly two coders). */
export function figures(units: readonly ReliabilityUnit[], coders: number): Figures {
  const pairable = units.filter((u) => present(u).length >= 2).length;
  return {
    units: pairable,
    agreement: observedAgreement(units),
    kappa: coders === 2 ? cohenKappa(units) : null,
    alpha: krippendorffAlpha(units),
  };
}
