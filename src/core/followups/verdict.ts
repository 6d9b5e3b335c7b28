/**
 * The verdict a later report gives on an improvement area, read from the sentences of the
 * follow-up paragraph that speak of it.
 *
 * - `improved`: the sentences praise what the item asked for ("caseloads are now manageable",
 *   "strong and effective").
 * - `progress`: they speak of work under way or a partial change ("has improved but", "is beginning
 *   to", "not yet consistent", "progress has been made"): praise and concern together, or words of
 *   change still under way.
 * - `not-improved`: they find the same shortfall ("remains", "still", "continue to wait", a
 *   concern with no praise), or the later report prints the item again among its own improvement
 *   areas.
 *
 * Sentence polarity is the recurrence layer's (`sentencePolarity`); on top of it come two short
 * lists of words Ofsted uses for change over time.
 */
import { sentencePolarity, type Polarity } from '../recurrence/features';

export const VERDICTS = ['improved', 'progress', 'not-improved'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Words of change still under way. */
const UNDER_WAY = [
  /\bprogress\b/,
  /\bbegun\b/,
  /\bbeginning\b/,
  /\bbegin(ning)? to\b/,
  /\bstarting to\b/,
  /\bstarted to\b/,
  /\bearly (stages?|days)\b/,
  /\bnot yet\b/,
  /\byet to\b/,
  /\bfurther (work|progress|improvement|development)\b/,
  /\bmore (work|to do)\b/,
  /\bsome (improvement|progress|children)\b/,
  /\bimproving\b/,
  /\bdeveloping\b/,
  /\bin development\b/,
  /\bemerging\b/,
  /\bgradually\b/,
  /\bincreasingly\b/,
  /\bmajority\b/,
  /\bmost children\b/,
  /\bless (consistent|well)\b/,
  /\binconsistent\b/,
  /\bvariable\b/,
  /\bvaries\b/,
];

/** Words of a shortfall that has lasted. */
const LASTING = [/\bremains?\b/, /\bstill\b/, /\bcontinues? to (be|experience|wait|lack)\b/, /\bpersist/, /\bnot (sufficiently|been) (improved|addressed|tackled)\b/, /\blimited (progress|impact|improvement)\b/, /\btoo (slow|long|many|high)\b/];

/** Words that set one finding against another. */
const CONTRAST = /\b(although|though|however|but|despite|while|whilst|yet)\b/;

/** Words of a change achieved. */
const ACHIEVED = [/\bimproved\b/, /\bimprovements?\b/, /\bnow\b/, /\bstrengthened\b/, /\bsignificant(ly)? /, /\bconsistently\b/, /\bstrong\b/, /\bgood\b/, /\beffective(ly)?\b/];

function words(sentence: string): string[] {
  return sentence.toLowerCase().match(/[a-z]+(?:['’]t)?/g) ?? [];
}

/** Sentences of a paragraph, split at full stops, question and exclamation marks and semicolons. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?;])\s+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export interface VerdictEvidence {
  /** Sentences that speak of the item (sharing its terms), or the whole paragraph when none does. */
  sentences: string[];
  praise: number;
  concern: number;
  underWay: number;
  lasting: number;
  achieved: number;
}

/** Counts the cues of the given sentences. */
export function verdictEvidence(relevant: readonly string[]): VerdictEvidence {
  const e: VerdictEvidence = { sentences: [...relevant], praise: 0, concern: 0, underWay: 0, lasting: 0, achieved: 0 };
  for (const s of relevant) {
    const lower = s.toLowerCase();
    const p: Polarity = sentencePolarity(words(lower));
    if (p > 0) e.praise++;
    else if (p < 0) e.concern++;
    const lasting = LASTING.some((re) => re.test(lower));
    const achieved = ACHIEVED.some((re) => re.test(lower));
    // "Leaders have strengthened tracking, although drift remains": a change made and a shortfall left, in one breath.
    const mixed = achieved && (p < 0 || lasting) && CONTRAST.test(lower);
    if (mixed || UNDER_WAY.some((re) => re.test(lower))) e.underWay++;
    if (lasting) e.lasting++;
    if (achieved) e.achieved++;
  }
  return e;
}

/** The verdict the cues add up to (see the module comment). */
export function verdictOf(e: VerdictEvidence): Verdict {
  const positive = e.praise + 0.5 * e.achieved;
  const negative = e.concern + 0.5 * e.lasting;
  if (e.underWay > 0) return positive === 0 && e.lasting > 0 ? 'not-improved' : 'progress';
  if (positive > 0 && negative === 0) return 'improved';
  if (negative > 0 && positive === 0) return 'not-improved';
  if (positive === 0 && negative === 0) return 'progress';
  if (positive >= RATIO * negative) return 'improved';
  if (negative >= RATIO * positive) return 'not-improved';
  return 'progress';
}

/** How far praise must outweigh concern (or the reverse) for a verdict other than progress. */
export const RATIO = 2;

/** Which of several verdicts on one item in one report stands: the first paragraph's, unless most of the others disagree. */
export function combineVerdicts(list: readonly Verdict[]): Verdict | null {
  if (list.length === 0) return null;
  const counts = new Map<Verdict, number>();
  for (const v of list) counts.set(v, (counts.get(v) ?? 0) + 1);
  const first = list[0];
  let best = first;
  for (const [v, n] of counts) if (n > (counts.get(best) ?? 0)) best = v;
  return best;
}
