/**
 * A paragraph's words as the recurrence index compares them: word forms reduced to one stem,
 * words that carry no finding dropped, pairs of neighbouring words kept as phrases, and each
 * word marked with the polarity of the sentence it appears in, so that "caseloads are manageable"
 * and "caseloads are too high" share the word but not the finding.
 *
 * Polarity is read per sentence from two short lists of cue words (praise: effective, timely,
 * manageable...; concern: delay, weak, inconsistent, too...). A negation ("not", "no", "without",
 * "lack of") turns the cues in the next three words, so "not always timely" is a concern and
 * "without delay" is praise. A sentence's polarity is the sign of its praise minus its concerns.
 */
import { stemmer } from 'stemmer';

/** Praise (+1), concern (-1) or neither (0). */
export type Polarity = -1 | 0 | 1;

/** One paragraph's features: parallel arrays, one entry per distinct term. */
export interface ParagraphFeatures {
  /** Stems, and `a b` for a pair of neighbouring stems (in alphabetical order). */
  terms: string[];
  /** How many times each term occurs. */
  counts: number[];
  /** Each term's polarity: the sign of the summed polarities of the sentences holding it. */
  polarities: Polarity[];
}

/** Function words and words every report uses about everything; they never make a finding. */
const STOP_WORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before being below between both but by
  can could did do does doing down during each few for from further had has have having he her here hers herself him himself
  his how i if in into is it its itself just me more most my myself of off on once only or other our ours ourselves out over
  own same she should so some such than that the their theirs them themselves then there these they this those through to
  under until up very was we were what when where which while who whom why will with would you your yours yourself
  yourselves upon within across along among amongst around via per thus therefore however although though whether including
  ensure ensures ensuring make makes made well may might must shall one two three four five six seven eight nine ten many
  much several often sometimes usually since last year years month months week weeks day days time times
  local authority authorities authority's council children child childrens young people person persons family families
  social worker workers work working practice practitioner practitioners service services ofsted inspection inspections
  inspector inspectors inspected visit visits leader leaders senior manager managers director report reports reported
  example examples number numbers area areas level levels range way ways part including include includes included`
    .split(/\s+/)
    .filter(Boolean),
);

/** Words that make the next cue mean its opposite. */
const NEGATORS = new Set(['not', 'no', 'never', 'nor', 'without', 'cannot', 'none', 'neither', 'lack', 'lacks', 'lacking', 'absence', 'nt']);

const PRAISE = new Set(
  `good effective effectively strong strength strengths robust timely timeliness manageable appropriate appropriately improved
  improving consistent consistently thorough thoroughly comprehensive clear clearly skilled skilful swift swiftly prompt promptly
  positive positively outstanding excellent sustained embedded secure securely purposeful sensitive sensitively detailed stable
  stability benefit benefits impressive strengthened enhanced effectiveness helpful valued confident confidently
  reflective thriving rigorous always sufficient sufficiently enough routinely well rigorously regular regularly
  timely successful successfully proactive proactively responsive effective`
    .split(/\s+/)
    .filter(Boolean),
);

const CONCERN = new Set(
  `delay delays delayed drift drifting poor poorly weak weakness weaknesses weaker inconsistent inconsistently variable variability
  limited insufficient insufficiently inadequate inadequately ineffective concern concerns concerning fail fails failed failure
  failures unable gap gaps deficit deficits shortfall shortfalls slow slowly late lateness unclear superficial cursory absent
  missing uneven less minimal overly optimistic too excessive vacancies turnover deteriorated deterioration
  declined hampered hindered requires require unstable instability unsafe
  worrying serious seriously weakly patchy fragile unmet overdue backlog backlogs heavy churn turmoil
  struggle struggled struggling confusing difficult generalised`
    .split(/\s+/)
    .filter(Boolean),
);

/** Different words for the same thing, mapped before stemming. */
const SAME_AS: Record<string, string> = {
  workload: 'caseload',
  workloads: 'caseload',
  caseloads: 'caseload',
  overoptimistic: 'optimistic',
  optimism: 'optimistic',
  delayed: 'delay',
  delays: 'delay',
  wait: 'delay',
  waits: 'delay',
  waiting: 'delay',
  waited: 'delay',
  untimely: 'late',
  churn: 'turnover',
  permanency: 'permanence',
  supervisory: 'supervision',
  supervisions: 'supervision',
  analyse: 'analysis',
  analysed: 'analysis',
  analysing: 'analysis',
  analytical: 'analysis',
  iros: 'iro',
  plo: 'proceedings',
};

const stems = new Map<string, string>();

/** The stem of a lower-case word (memoised: a workspace has a few tens of thousands of distinct words). */
export function stemOf(word: string): string {
  let s = stems.get(word);
  if (s === undefined) {
    s = stemmer(SAME_AS[word] ?? word);
    if (stems.size < 200_000) stems.set(word, s);
  }
  return s;
}

/**
 * Sentences Ofsted letters and reports use in every visit (who visited, on which days, what was
 * looked at, who gets a copy): they state no finding, so they are not compared.
 */
const STOCK_SENTENCES = [
  /^this letter summari[sz]es the findings/,
  /^(the )?inspectors? (for this visit )?(were|was)\b/,
  /\b(his|her) majesty['’]s inspectors? for this (visit|inspection)/,
  /^(this|the) (visit|inspection|monitoring visit|focused visit) was (carried out|conducted) (in line with|under)/,
  /^(a range of evidence was considered|inspectors considered a range of evidence|the evidence (evaluated|considered) by inspectors)/,
  /^inspectors (looked at|evaluated|reviewed) the (local authority['’]s )?(arrangements|progress)\b/,
  /^(i am|we are) copying this letter/,
  /^this letter will be published/,
  /^yours sincerely/,
];

const WORD = /[a-z]+(?:['’][a-z]+)?/g;
/** Sentence ends: a stop, question or exclamation mark, semicolon or colon followed by a space. */
const SENTENCE_END = /[.!?;:](?=\s|$)/;

/** The words of a lower-case sentence, possessive and "n't" endings split off. */
function wordsOf(sentence: string): string[] {
  const out: string[] = [];
  for (const m of sentence.matchAll(WORD)) {
    let w = m[0].replace('’', "'");
    const q = w.indexOf("'");
    if (q >= 0) {
      const tail = w.slice(q + 1);
      w = w.slice(0, q);
      if (tail === 't') {
        if (w.endsWith('n')) w = w.slice(0, -1);
        if (w) out.push(w);
        out.push('nt');
        continue;
      }
    }
    if (w) out.push(w);
  }
  return out;
}

/**
 * The polarity of a sentence's words (see the module comment). A negation that turns no cue counts
 * as a concern itself: in these reports "not recognised", "no contingency plan" and "a lack of
 * stability" state a shortfall.
 */
export function sentencePolarity(words: readonly string[]): Polarity {
  let score = 0;
  // The last word a negation reaches, and whether it has turned a cue yet.
  let negatedUntil = -1;
  let turned = false;
  const endNegation = (): void => {
    if (negatedUntil >= 0 && !turned) score -= 1;
    negatedUntil = -1;
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (i > negatedUntil) endNegation();
    if (NEGATORS.has(w)) {
      endNegation();
      negatedUntil = i + 3;
      turned = false;
      continue;
    }
    const cue = PRAISE.has(w) ? 1 : CONCERN.has(w) ? -1 : 0;
    if (cue === 0) continue;
    if (negatedUntil >= 0) {
      score -= cue;
      turned = true;
    } else {
      score += cue;
    }
  }
  endNegation();
  return score > 0 ? 1 : score < 0 ? -1 : 0;
}

/**
 * The features of one paragraph's text. `polarity` overrides every sentence's: an improvement area
 * printed as the state wanted ("Manageable caseloads for social workers") states a concern whatever
 * its words.
 */
export function paragraphFeatures(text: string, polarity?: Polarity): ParagraphFeatures {
  const index = new Map<string, number>();
  const terms: string[] = [];
  const counts: number[] = [];
  const sums: number[] = [];
  for (const sentence of text.toLowerCase().split(SENTENCE_END)) {
    const trimmed = sentence.trim();
    if (STOCK_SENTENCES.some((re) => re.test(trimmed))) continue;
    const words = wordsOf(trimmed);
    if (words.length === 0) continue;
    const p = polarity ?? sentencePolarity(words);
    const seen = new Set<number>();
    const add = (term: string): void => {
      let i = index.get(term);
      if (i === undefined) {
        index.set(term, (i = terms.length));
        terms.push(term);
        counts.push(0);
        sums.push(0);
      }
      counts[i]++;
      if (!seen.has(i)) {
        seen.add(i);
        sums[i] += p;
      }
    };
    let previous: string | null = null;
    for (const w of words) {
      if (NEGATORS.has(w)) {
        // A negation breaks a phrase; a function word does not ("drift and delay").
        previous = null;
        continue;
      }
      if (w.length < 2 || STOP_WORDS.has(w)) continue;
      const s = stemOf(w);
      add(s);
      if (previous !== null && previous !== s) add(previous < s ? `${previous} ${s}` : `${s} ${previous}`);
      previous = s;
    }
  }
  return { terms, counts, polarities: sums.map((v): Polarity => (v > 0 ? 1 : v < 0 ? -1 : 0)) };
}
