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
  /** Term ids (in the `TermTable` they were read with): stems, and pairs of neighbouring stems. */
  ids: Int32Array;
  /** How many times each term occurs. */
  counts: Uint16Array;
  /** Each term's polarity: the sign of the summed polarities of the sentences holding it. */
  polarities: Int8Array;
  /**
   * The sentences (clauses, as polarity reads them) holding each term: bit k for the paragraph's
   * k-th one, the 32nd and later all on bit 31. What the semantic layer compares sentence by sentence.
   */
  sentences?: Uint32Array;
}

/**
 * The terms an index has read, numbered: a stem, or an unordered pair of neighbouring stems, gets
 * one id for good, so a paragraph's features are numbers from the start and no index keeps a string
 * per term. Pairs are named `a b` in alphabetical order. Each `ParagraphIndex` has a table of its
 * own (features carry the table they were numbered in), so that indexes never share state; the
 * table also remembers what it made of each word and holds the scratch space of `paragraphFeatures`.
 */
export class TermTable {
  /**
   * What each word is (see `WordInfo`), looked up once per distinct word: an open-addressing hash
   * table over the word's characters, so that a word is found where it stands in the text, with no
   * string made for it (reading a workspace looks up millions of words, few of them new).
   */
  private wordSlots = new Int32Array(1 << 14);
  private wordHashes: number[] = [];
  private readonly wordKeys: string[] = [];
  private readonly wordInfos: WordInfo[] = [];

  /** What the word `text.slice(start, end)` is (lower case), read on its first look-up. */
  word(text: string, start = 0, end = text.length): WordInfo {
    let hash = WORD_HASH_SEED;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), WORD_HASH_PRIME);
    return this.hashedWord(text, start, end, hash);
  }

  /** `word`, given the word's hash (as `word` works it out: a reader that has just read its characters has). */
  hashedWord(text: string, start: number, end: number, hash: number): WordInfo {
    const length = end - start;
    const mask = this.wordSlots.length - 1;
    let at = hash & mask;
    for (;;) {
      const k = this.wordSlots[at] - 1;
      if (k < 0) break;
      if (this.wordHashes[k] === hash) {
        const key = this.wordKeys[k];
        if (key.length === length) {
          let same = true;
          for (let i = 0; i < length; i++) {
            if (key.charCodeAt(i) !== text.charCodeAt(start + i)) {
              same = false;
              break;
            }
          }
          if (same) return this.wordInfos[k];
        }
      }
      at = (at + 1) & mask;
    }
    const key = text.slice(start, end);
    const info = readWord(key, this);
    const k = this.wordKeys.length;
    this.wordKeys.push(key);
    this.wordHashes.push(hash);
    this.wordInfos.push(info);
    this.wordSlots[at] = k + 1;
    if (this.wordKeys.length * 2 > this.wordSlots.length) this.growWords();
    return info;
  }

  private growWords(): void {
    const slots = new Int32Array(this.wordSlots.length * 2);
    const mask = slots.length - 1;
    for (let k = 0; k < this.wordKeys.length; k++) {
      let at = this.wordHashes[k] & mask;
      while (slots[at] !== 0) at = (at + 1) & mask;
      slots[at] = k + 1;
    }
    this.wordSlots = slots;
  }
  /**
   * Where each term sits in the paragraph being read: `position[id]` holds while `stamp[id]` is that
   * paragraph's number, so nothing is cleared between paragraphs.
   */
  paragraph = 0;
  stamp = new Int32Array(1 << 10);
  position = new Int32Array(1 << 10);
  /** The paragraph being read, term by term in order of first use: id, count, polarity sum, last sentence, sentences. */
  readonly scratch = { ids: new Int32Array(256), counts: new Int32Array(256), sums: new Int32Array(256), last: new Int32Array(256), masks: new Int32Array(256) };
  /** The words of the sentence being read. */
  readonly sentenceWords: WordInfo[] = [];
  /** ...their ranges in the text and hashes, three values each. */
  wordBounds = new Int32Array(768);

  growWordBounds(): Int32Array<ArrayBuffer> {
    const next = new Int32Array(this.wordBounds.length * 2);
    next.set(this.wordBounds);
    this.wordBounds = next;
    return next;
  }

  growParagraphScratch(): void {
    const grow = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    const s = this.scratch;
    s.ids = grow(s.ids);
    s.counts = grow(s.counts);
    s.sums = grow(s.sums);
    s.last = grow(s.last);
    s.masks = grow(s.masks);
  }

  growScratch(id: number): void {
    const size = Math.max(id + 1, this.stamp.length * 2);
    const stamp = new Int32Array(size);
    stamp.set(this.stamp);
    const position = new Int32Array(size);
    position.set(this.position);
    this.stamp = stamp;
    this.position = position;
  }

  /** Whether a term is a pair of stems. */
  isPair(id: number): boolean {
    return this.names[id] === null;
  }

  private readonly stems = new Map<string, number>();
  /**
   * Pairs: an open-addressing hash table of (lower stem id, higher stem id) -> pair id, three values
   * a slot side by side (a look-up reads one place in memory); a lower id of -1 marks a free slot.
   */
  private pairSlots = new Int32Array(3 << 16).fill(-1);
  private pairCount = 0;
  private readonly names: (string | null)[] = [];
  /** For a pair, its two stems' ids; -1 for a stem. */
  private readonly first: number[] = [];
  private readonly second: number[] = [];

  get size(): number {
    return this.names.length;
  }

  stem(stem: string): number {
    let id = this.stems.get(stem);
    if (id === undefined) {
      id = this.names.length;
      this.stems.set(stem, id);
      this.names.push(stem);
      this.first.push(-1);
      this.second.push(-1);
    }
    return id;
  }

  pair(a: number, b: number): number {
    const lo = a < b ? a : b;
    const hi = a < b ? b : a;
    const slots = this.pairSlots;
    const mask = slots.length / 3 - 1;
    let at = (Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca77)) & mask;
    for (;;) {
      const k = slots[3 * at];
      if (k === -1) break;
      if (k === lo && slots[3 * at + 1] === hi) return slots[3 * at + 2];
      at = (at + 1) & mask;
    }
    const id = this.names.length;
    this.names.push(null);
    this.first.push(lo);
    this.second.push(hi);
    slots[3 * at] = lo;
    slots[3 * at + 1] = hi;
    slots[3 * at + 2] = id;
    if (++this.pairCount * 2 > mask + 1) this.growPairs();
    return id;
  }

  private growPairs(): void {
    const old = this.pairSlots;
    const slots = new Int32Array(old.length * 2).fill(-1);
    const mask = slots.length / 3 - 1;
    for (let i = 0; i < old.length; i += 3) {
      const lo = old[i];
      if (lo === -1) continue;
      const hi = old[i + 1];
      let at = (Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca77)) & mask;
      while (slots[3 * at] !== -1) at = (at + 1) & mask;
      slots[3 * at] = lo;
      slots[3 * at + 1] = hi;
      slots[3 * at + 2] = old[i + 2];
    }
    this.pairSlots = slots;
  }

  /**
   * The terms numbered from `from` on, in order, as another table takes them in
   * (`featureReading.ts`): a stem's name, or a pair's two ids (its name null).
   */
  termsSince(from: number): NewTerms {
    return { from, names: this.names.slice(from), first: Int32Array.from(this.first.slice(from)), second: Int32Array.from(this.second.slice(from)) };
  }

  /** A term's name: the stem, or `a b` for a pair. */
  name(id: number): string {
    const n = this.names[id];
    if (n !== null) return n;
    const x = this.name(this.first[id]);
    const y = this.name(this.second[id]);
    return x < y ? `${x} ${y}` : `${y} ${x}`;
  }

  /** The id of a term by its name (as `name` gives it). */
  idOf(name: string): number {
    const space = name.indexOf(' ');
    return space < 0 ? this.stem(name) : this.pair(this.stem(name.slice(0, space)), this.stem(name.slice(space + 1)));
  }
}

/** Terms a table numbered from `from` on: for each, a stem's name, or null and the pair's two ids in `first` and `second` (-1 for a stem). */
export interface NewTerms {
  from: number;
  names: (string | null)[];
  first: Int32Array;
  second: Int32Array;
}

/** The word table's hash (FNV-1a over the characters' codes). */
const WORD_HASH_SEED = 0x811c9dc5;
const WORD_HASH_PRIME = 0x01000193;

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

/** Whether a lower-case word carries no finding (a function word, a negation, one letter). */
export function isStopWord(word: string): boolean {
  return NEGATORS.has(word) || word.length < 2 || STOP_WORDS.has(word);
}

/** Whether a lower-case word turns the cues after it. */
export function isNegator(word: string): boolean {
  return NEGATORS.has(word);
}

/** The stem of a lower-case word (a term table remembers it per word). */
export function stemOf(word: string): string {
  return stemmer(Object.hasOwn(SAME_AS, word) ? SAME_AS[word] : word);
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

/** Whether a clause (trimmed, lower case) is one of `STOCK_SENTENCES`. */
export function isStockSentence(clause: string): boolean {
  return STOCK_SENTENCES.some((re) => re.test(clause));
}

/** Words one of which every stock sentence holds. */
const STOCK_HINTS = ['letter', 'inspector', 'visit', 'inspection', 'evidence', 'yours'];


const A = 97;
const Z = 122;

/** Whether a character is white space as `\s` and `trim` read it. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Whether a character ends a clause when a space (or the end of the text) follows it: . ! ? ; : */
function isClauseMark(c: number): boolean {
  return c === 46 || c === 33 || c === 63 || c === 59 || c === 58;
}

/**
 * The polarity of a sentence's words (see the module comment). A negation that turns no cue counts
 * as a concern itself: in these reports "not recognised", "no contingency plan" and "a lack of
 * stability" state a shortfall.
 */
export function sentencePolarity(words: readonly string[]): Polarity {
  const terms = new TermTable();
  return polarityOf(words.map((w) => terms.word(w)));
}

function polarityOf(words: readonly WordInfo[]): Polarity {
  let score = 0;
  // The last word a negation reaches (-1: none), and whether it has turned a cue yet; a negation
  // that ends having turned none counts as a concern.
  let negatedUntil = -1;
  let turned = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (i > negatedUntil && negatedUntil >= 0) {
      if (!turned) score -= 1;
      negatedUntil = -1;
    }
    if (w.negator) {
      if (negatedUntil >= 0 && !turned) score -= 1;
      negatedUntil = i + 3;
      turned = false;
      continue;
    }
    const cue = w.cue;
    if (cue === 0) continue;
    if (negatedUntil >= 0) {
      score -= cue;
      turned = true;
    } else {
      score += cue;
    }
  }
  if (negatedUntil >= 0 && !turned) score -= 1;
  return score > 0 ? 1 : score < 0 ? -1 : 0;
}

/** What a word is, looked up once per distinct word: its term id (-1 for a stop word), whether it negates, its cue. */
export interface WordInfo {
  id: number;
  negator: boolean;
  cue: Polarity;
}

/** What a word is, as a term table first reads it (its stem numbered in `terms`). */
function readWord(w: string, terms: TermTable): WordInfo {
  return { id: isStopWord(w) ? -1 : terms.stem(stemOf(w)), negator: NEGATORS.has(w), cue: PRAISE.has(w) ? 1 : CONCERN.has(w) ? -1 : 0 };
}

/**
 * Reads the clauses of a lower-case text that are compared, calling `onClause` with each one's
 * words as `terms` reads them (the array is reused: read it before returning). Clauses end at a
 * stop, question or exclamation mark, semicolon or colon followed by white space or the end; they
 * are trimmed, and left out when empty, without a word, or one of Ofsted's stock sentences. Words
 * are runs of a to z, with an apostrophe inside a word ending it ("children's" gives "children")
 * except for "n't", which gives the word and "nt" ("don't": "do", "nt"; "can't": "ca", "nt").
 * One pass over the characters, no string made but for a word met the first time.
 * `features.test.ts` holds this to that definition, written the plain way.
 */
function readClauses(lower: string, terms: TermTable, onClause: (words: WordInfo[]) => void): void {
  const n = lower.length;
  // Each stock sentence holds one of these words: a text without any has none.
  const hinted = STOCK_HINTS.some((w) => lower.includes(w));
  const infos = terms.sentenceWords;
  // The words of the clause being read: their ranges and hashes, three values each (-1 for "nt").
  let words = 0;
  let bounds = terms.wordBounds;
  const endClause = (from: number, to: number): void => {
    if (words === 0) return;
    if (hinted) {
      while (from < to && isSpace(lower.charCodeAt(from))) from++;
      while (to > from && isSpace(lower.charCodeAt(to - 1))) to--;
      if (isStockSentence(lower.slice(from, to))) {
        words = 0;
        return;
      }
    }
    infos.length = 0;
    for (let k = 0; k < words; k++) {
      const start = bounds[3 * k];
      infos.push(start < 0 ? terms.word('nt') : terms.hashedWord(lower, start, bounds[3 * k + 1], bounds[3 * k + 2]));
    }
    words = 0;
    onClause(infos);
  };
  const push = (start: number, end: number, hash: number): void => {
    if (3 * words + 3 > bounds.length) bounds = terms.growWordBounds();
    bounds[3 * words] = start;
    bounds[3 * words + 1] = end;
    bounds[3 * words + 2] = hash;
    words++;
  };
  let clauseFrom = 0;
  let i = 0;
  while (i < n) {
    let c = lower.charCodeAt(i);
    if (c >= A && c <= Z) {
      const start = i;
      let hash = Math.imul(WORD_HASH_SEED ^ c, WORD_HASH_PRIME);
      i++;
      while (i < n && (c = lower.charCodeAt(i)) >= A && c <= Z) {
        hash = Math.imul(hash ^ c, WORD_HASH_PRIME);
        i++;
      }
      const end = i;
      if (i + 1 < n && (c === 39 || c === 0x2019) && (c = lower.charCodeAt(i + 1)) >= A && c <= Z) {
        const tailStart = i + 1;
        i = tailStart;
        while (i < n && (c = lower.charCodeAt(i)) >= A && c <= Z) i++;
        if (i - tailStart === 1 && lower.charCodeAt(tailStart) === 116 /* t */) {
          if (lower.charCodeAt(end - 1) === 110 /* n */) {
            // "don't": the word without its n, hashed again.
            hash = WORD_HASH_SEED;
            for (let k = start; k < end - 1; k++) hash = Math.imul(hash ^ lower.charCodeAt(k), WORD_HASH_PRIME);
            if (end - 1 > start) push(start, end - 1, hash);
          } else {
            push(start, end, hash);
          }
          push(-1, -1, 0);
          continue;
        }
      }
      push(start, end, hash);
      continue;
    }
    if (isClauseMark(c) && (i + 1 === n || isSpace(lower.charCodeAt(i + 1)))) {
      endClause(clauseFrom, i);
      clauseFrom = i + 1;
    }
    i++;
  }
  endClause(clauseFrom, n);
}

/**
 * The features of one paragraph's text, its terms numbered in `terms`. `polarity` overrides every
 * sentence's: an improvement area printed as the state wanted ("Manageable caseloads for social
 * workers") states a concern whatever its words.
 */
export function paragraphFeatures(text: string, terms: TermTable, polarity?: Polarity): ParagraphFeatures {
  const scratch = terms.scratch;
  let length = 0;
  const paragraph = ++terms.paragraph;
  let sentenceNo = 0;
  let bit = 0;
  let p = 0;
  const add = (id: number): void => {
    if (id >= terms.stamp.length) terms.growScratch(id);
    let i: number;
    if (terms.stamp[id] === paragraph) {
      i = terms.position[id];
    } else {
      if (length === scratch.ids.length) terms.growParagraphScratch();
      terms.stamp[id] = paragraph;
      terms.position[id] = i = length++;
      scratch.ids[i] = id;
      scratch.counts[i] = 0;
      scratch.sums[i] = 0;
      scratch.last[i] = -1;
      scratch.masks[i] = 0;
    }
    scratch.counts[i]++;
    scratch.masks[i] |= bit;
    if (scratch.last[i] !== sentenceNo) {
      scratch.last[i] = sentenceNo;
      scratch.sums[i] += p;
    }
  };
  readClauses(text.toLowerCase(), terms, (infos) => {
    sentenceNo++;
    bit = 1 << (sentenceNo > 32 ? 31 : sentenceNo - 1);
    p = polarity ?? polarityOf(infos);
    let previous = -1;
    for (const info of infos) {
      if (info.negator) {
        // A negation breaks a phrase; a function word does not ("drift and delay").
        previous = -1;
        continue;
      }
      if (info.id < 0) continue;
      add(info.id);
      if (previous >= 0 && previous !== info.id) add(terms.pair(previous, info.id));
      previous = info.id;
    }
  });
  const polarities = new Int8Array(length);
  const counts = new Uint16Array(length);
  for (let k = 0; k < length; k++) {
    const sum = scratch.sums[k];
    polarities[k] = sum > 0 ? 1 : sum < 0 ? -1 : 0;
    const count = scratch.counts[k];
    counts[k] = count > MAX_COUNT ? MAX_COUNT : count;
  }
  return { ids: scratch.ids.slice(0, length), counts, polarities, sentences: new Uint32Array(scratch.masks.slice(0, length).buffer) };
}

/** Counts above this are kept as this (a term said 63 times in one paragraph says no more). */
export const MAX_COUNT = 63;

/** One sentence of a paragraph as the semantic layer and the quoting read it. */
export interface SentenceTerms {
  /** Where the sentence is in the paragraph's text: from its first character to after its closing mark. */
  start: number;
  end: number;
  /** The ids of its stems (in the table given), each once; no pairs. */
  ids: number[];
  polarity: Polarity;
}

/**
 * A paragraph's full sentences with their stems and polarity, Ofsted's stock sentences (who visited,
 * who gets a copy) and sentences without a word that carries a finding left out. Polarity is read
 * clause by clause as `paragraphFeatures` reads it, and a sentence takes the sign of its clauses' sum.
 */
export function sentenceTerms(text: string, terms: TermTable): SentenceTerms[] {
  const out: SentenceTerms[] = [];
  let from = 0;
  const take = (end: number): void => {
    let start = from;
    while (start < end && isSpace(text.charCodeAt(start))) start++;
    from = end;
    if (start >= end) return;
    const ids: number[] = [];
    const sentence = ++terms.paragraph;
    let sum = 0;
    readClauses(text.slice(start, end).toLowerCase(), terms, (infos) => {
      sum += polarityOf(infos);
      for (const info of infos) {
        const id = info.id;
        if (id < 0) continue;
        if (id >= terms.stamp.length) terms.growScratch(id);
        if (terms.stamp[id] === sentence) continue;
        terms.stamp[id] = sentence;
        ids.push(id);
      }
    });
    if (ids.length > 0) out.push({ start, end, ids, polarity: sum > 0 ? 1 : sum < 0 ? -1 : 0 });
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c === 46 || c === 33 || c === 63) && (i + 1 === text.length || isSpace(text.charCodeAt(i + 1)))) take(i + 1);
  }
  let end = text.length;
  while (end > from && isSpace(text.charCodeAt(end - 1))) end--;
  if (end > from) take(end);
  return out;
}

/** Sections that describe the inspection or the area, not the services: nothing in them is a finding. */
const STOCK_SECTION = /^(about|information about) this (inspection|local authority|area)|^the inspection team\b|^(children looked after|child protection|children living) in this area|^(previous|other) ofsted inspections|^what the inspection judgements mean|^other information about this area|^her majesty['’]s inspector/i;

/** Paragraphs that say how the inspection was done, or give its particulars, wherever they stand (one pattern: each paragraph is read once). */
const STOCK_PARAGRAPH = new RegExp(
  [
    /\bthe inspection team consisted of\b/,
    /\bthe purpose of the inspection is\b/,
    /\boutcomes of the most recent annual unannounced inspection\b/,
    /^(this|the) (inspection|visit|monitoring visit|focused visit) was (carried out|conducted|undertaken) (under|in line with|in accordance with)\b/,
    // The report's particulars under its title: who led it, when it was, when it was published.
    /^\s*(lead|reporting) inspectors?\s*:/,
    /^\s*(inspection|visit) dates?\s*:|^\s*dates? of (the )?(inspection|visit)\s*:/,
    /^\s*(report published|publication date)\s*:/,
  ]
    .map((re) => `(?:${re.source})`)
    .join('|'),
  'i',
);

/**
 * Whether a paragraph is Ofsted's stock account of the inspection ("About this inspection", "The
 * inspection team consisted of...", who was met, what was looked at) or statistics about the area:
 * such paragraphs state no finding and never match.
 */
export function isStockParagraph(sectionTitle: string | null, text: string): boolean {
  return isStockSection(sectionTitle) || isStockText(text);
}

/** Whether a section's paragraphs are all stock (`isStockParagraph`, by the section's title alone). */
export function isStockSection(sectionTitle: string | null): boolean {
  return sectionTitle !== null && STOCK_SECTION.test(sectionTitle.trim());
}

/** Whether a paragraph is stock by its text alone, wherever it stands (`isStockParagraph`). */
export function isStockText(text: string): boolean {
  return STOCK_PARAGRAPH.test(text);
}

/** A word of a text, for `sentenceInSource`: letters and digits, case folded, with where it stands. */
const SOURCE_WORD = /[\p{L}\p{N}]+/gu;

/**
 * Where a sentence of a paragraph's text stands in the paragraph's source (the report's text from
 * the paragraph's first character to its last, before its lines were joined): from the sentence's
 * first word to its last. The sentence's words are found in order; source words between them that
 * the joined text does not hold (a page number or footer between two lines) are passed over, and a
 * word the joined text holds whole may be split across a hyphen at a line's end ("assess-" /
 * "ment"). Null when its words are not all found so, or more words are passed over than it has.
 */
export function sentenceInSource(source: string, sentence: string): { start: number; end: number } | null {
  const wanted = [...sentence.matchAll(SOURCE_WORD)].map((m) => m[0].toLowerCase());
  if (wanted.length === 0) return null;
  const words = [...source.matchAll(SOURCE_WORD)].map((m) => ({ word: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length }));
  for (let first = 0; first < words.length; first++) {
    if (!wanted[0].startsWith(words[first].word)) continue;
    let w = 0;
    let at = first;
    let skipped = 0;
    let end = -1;
    while (w < wanted.length && at < words.length && skipped <= wanted.length) {
      // A wanted word, whole or as the pieces of a word split at a line's end.
      let piece = words[at].word;
      let last = at;
      while (piece.length < wanted[w].length && wanted[w].startsWith(piece) && last + 1 < words.length && wanted[w].startsWith(piece + words[last + 1].word)) piece += words[++last].word;
      if (piece === wanted[w]) {
        end = words[last].end;
        w++;
        at = last + 1;
      } else if (w === 0) {
        break;
      } else {
        skipped++;
        at++;
      }
    }
    if (w === wanted.length) return { start: words[first].start, end: /[.!?]/.test(source.charAt(end)) ? end + 1 : end };
  }
  return null;
}
