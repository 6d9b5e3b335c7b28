/**
 * Ranking quality of the recurrence index, measured on a labelled set of recurring findings
 * (`test/fixtures/recurrence/clusters.json`): clusters of paragraphs that make the same finding, each
 * with hard negatives (paragraphs on the same topic with the opposite judgement), split by authority
 * into a tuning part and a test part.
 *
 * - recall@k: for two members of a cluster in different reports, the share of ordered pairs (a, b)
 *   where b is among the first k matches of a in the other reports of the workspace;
 * - MRR: for each member with a partner in another report, 1 / the rank of its best-ranked partner
 *   (0 when none is ranked), averaged;
 * - negatives kept apart: for a member a and a negative n of its cluster in another report, whether
 *   n ranks below a's best-ranked partner (or is not ranked at all). Members whose cluster has no
 *   partner in another report count as kept apart when n is not in their first 5.
 *
 * A paragraph is named `file#paragraph id`. Pure: the caller ranks.
 */

export type ClusterPolarity = 'praise' | 'concern';

export interface FindingCluster {
  id: string;
  /** The authority's file-name prefix (`bury`, `st-helens`). */
  authority: string;
  polarity: ClusterPolarity;
  /** The finding the members make, in words. */
  finding: string;
  members: string[];
  negatives: string[];
}

export interface ClusterSet {
  description: string;
  split: { tuning: string[]; test: string[] };
  clusters: FindingCluster[];
}

export type SplitPart = 'tuning' | 'test';

/** A labelled set read from JSON; throws an error naming `name` and the problem. */
export function parseClusterSet(text: string, name: string): ClusterSet {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`${name}: not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const fail = (what: string): never => {
    throw new Error(`${name}: ${what}`);
  };
  if (typeof data !== 'object' || data === null) fail('expected an object');
  const o = data as Record<string, unknown>;
  if (typeof o.description !== 'string') fail('"description" must be a string');
  const split = o.split as Record<string, unknown> | undefined;
  const names = (v: unknown, key: string): string[] => {
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x === '')) fail(`"split.${key}" must be a list of authority names`);
    return v as string[];
  };
  if (typeof split !== 'object' || split === null) fail('"split" must give "tuning" and "test"');
  const tuning = names(split?.tuning, 'tuning');
  const test = names(split?.test, 'test');
  const both = tuning.filter((a) => test.includes(a));
  if (both.length > 0) fail(`authorities in both parts of the split: ${both.join(', ')}`);
  if (!Array.isArray(o.clusters)) fail('"clusters" must be a list');
  const seen = new Set<string>();
  const clusters = (o.clusters as unknown[]).map((raw, i): FindingCluster => {
    const c = raw as Record<string, unknown>;
    const where = `cluster ${i}${typeof c?.id === 'string' ? ` (${c.id})` : ''}`;
    if (typeof c !== 'object' || c === null) fail(`${where}: expected an object`);
    for (const key of ['id', 'authority', 'finding']) if (typeof c[key] !== 'string' || c[key] === '') fail(`${where}: "${key}" must be a non-empty string`);
    if (c.polarity !== 'praise' && c.polarity !== 'concern') fail(`${where}: "polarity" must be "praise" or "concern"`);
    const refs = (key: string): string[] => {
      const v = c[key];
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || !/^[^#]+#[^#]+$/.test(x))) fail(`${where}: "${key}" must be a list of "file#paragraph"`);
      return v as string[];
    };
    const id = c.id as string;
    if (seen.has(id)) fail(`${where}: the id is used twice`);
    seen.add(id);
    const authority = c.authority as string;
    if (!tuning.includes(authority) && !test.includes(authority)) fail(`${where}: authority "${authority}" is in neither part of the split`);
    const members = refs('members');
    const negatives = refs('negatives');
    const clash = members.filter((m) => negatives.includes(m));
    if (clash.length > 0) fail(`${where}: ${clash.join(', ')} is both a member and a negative`);
    return { id, authority, polarity: c.polarity as ClusterPolarity, finding: c.finding as string, members, negatives };
  });
  return { description: o.description as string, split: { tuning, test }, clusters };
}

/** The clusters of one part of the split. */
export function clustersOf(set: ClusterSet, part: SplitPart): FindingCluster[] {
  const authorities = new Set(set.split[part]);
  return set.clusters.filter((c) => authorities.has(c.authority));
}

/** The file of a `file#paragraph` name. */
export function fileOfRef(ref: string): string {
  return ref.slice(0, ref.indexOf('#'));
}

export interface RankingMetrics {
  /** Ordered pairs of members in different reports. */
  pairs: number;
  recallAt5: number;
  recallAt10: number;
  mrr: number;
  /** Members with a partner in another report (the queries MRR averages over). */
  queries: number;
  /** Ordered (member, negative) pairs in different reports, and how many were kept apart. */
  negatives: number;
  negativesApart: number;
}

/**
 * Ranking metrics of `rank` (a paragraph's matches in the other reports, best first) on `clusters`.
 * `rank` is called once per member.
 */
export function rankingMetrics(clusters: readonly FindingCluster[], rank: (ref: string) => readonly string[]): RankingMetrics {
  // Partners and negatives per member over all clusters (a paragraph may be in several).
  const partners = new Map<string, Set<string>>();
  const negatives = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, a: string, b: string): void => {
    if (fileOfRef(a) === fileOfRef(b)) return;
    let s = map.get(a);
    if (!s) map.set(a, (s = new Set()));
    s.add(b);
  };
  for (const c of clusters) {
    for (const a of c.members) {
      if (!partners.has(a)) partners.set(a, new Set());
      for (const b of c.members) if (a !== b) add(partners, a, b);
      for (const n of c.negatives) add(negatives, a, n);
    }
  }
  let pairs = 0;
  let at5 = 0;
  let at10 = 0;
  let rr = 0;
  let queries = 0;
  let negativeCount = 0;
  let apart = 0;
  for (const [a, mine] of partners) {
    const wrong = negatives.get(a);
    if (mine.size === 0 && !wrong) continue;
    const ranked = rank(a);
    const position = new Map<string, number>();
    ranked.forEach((r, i) => {
      if (!position.has(r)) position.set(r, i + 1);
    });
    let best = Infinity;
    for (const b of mine) {
      const p = position.get(b) ?? Infinity;
      pairs++;
      if (p <= 5) at5++;
      if (p <= 10) at10++;
      if (p < best) best = p;
    }
    if (mine.size > 0) {
      queries++;
      if (best !== Infinity) rr += 1 / best;
    }
    for (const n of wrong ?? []) {
      if (mine.has(n)) continue; // a partner through another cluster
      negativeCount++;
      const p = position.get(n) ?? Infinity;
      const bar = mine.size > 0 ? best : 5;
      if (p > bar || p === Infinity) apart++;
    }
  }
  return {
    pairs,
    recallAt5: pairs ? at5 / pairs : 0,
    recallAt10: pairs ? at10 / pairs : 0,
    mrr: queries ? rr / queries : 0,
    queries,
    negatives: negativeCount,
    negativesApart: apart,
  };
}
