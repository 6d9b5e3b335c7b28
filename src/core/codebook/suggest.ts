/**
 * Keyword matching between free text (an improvement area, a paragraph, a search box) and the
 * criteria of a codebook. Used to link printed "What needs to improve?" items to tagged evidence
 * and to rank criteria in the picker.
 */
import type { Codebook, Criterion } from './types';

/**
 * Splits text into comparable word stems: lowercase, apostrophes and possessive "'s" dropped,
 * hyphens and other punctuation treated as spaces, simple plurals reduced ("plans" -> "plan",
 * "enquiries" -> "enquiry").
 */
export function stems(text: string): string[] {
  const words = text
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/'s\b/g, '')
    .replace(/'/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
  return words.map(stem);
}

function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return word.slice(0, -3) + 'y';
  if (word.length > 4 && /(?:ches|shes|sses|xes)$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !/(?:ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

export interface Suggestion {
  /** Criterion id. */
  id: string;
  /** Relative strength of the match; higher is better, only positive scores are returned. */
  score: number;
  /** The keywords (or the label) found in the text, as the codebook spells them. */
  matched: string[];
}

interface Phrase {
  /** Index of the criterion in codebook order. */
  criterion: number;
  /** Index of the phrase within its criterion (keywords, then the label). */
  order: number;
  words: string[];
  source: string;
  weight: number;
}

interface Prepared {
  criteria: Criterion[];
  /** Phrases by their first word, so a text is scanned once rather than once per phrase. */
  byFirstWord: Map<string, Phrase[]>;
}

const preparedCache = new WeakMap<Codebook, Prepared>();

function prepare(codebook: Codebook): Prepared {
  const cached = preparedCache.get(codebook);
  if (cached) return cached;
  const phrases: Phrase[] = [];
  const spread = new Map<string, number>();
  codebook.criteria.forEach((criterion, ci) => {
    const seen = new Set<string>();
    let order = 0;
    for (const phrase of [...criterion.keywords, criterion.label]) {
      const s = stems(phrase);
      const key = s.join(' ');
      if (s.length === 0 || seen.has(key)) continue;
      seen.add(key);
      phrases.push({ criterion: ci, order: order++, words: s, source: phrase, weight: 0 });
      spread.set(key, (spread.get(key) ?? 0) + 1);
    }
  });
  // A phrase's weight grows with its length and shrinks with the number of criteria sharing it.
  const byFirstWord = new Map<string, Phrase[]>();
  for (const p of phrases) {
    p.weight = p.words.length / (spread.get(p.words.join(' ')) ?? 1);
    const list = byFirstWord.get(p.words[0]);
    if (list) list.push(p);
    else byFirstWord.set(p.words[0], [p]);
  }
  const prepared = { criteria: codebook.criteria, byFirstWord };
  preparedCache.set(codebook, prepared);
  return prepared;
}

/**
 * Criteria whose keywords (or label) occur in `text`, best first. Each distinct matching phrase
 * adds its weight: its word count divided by how many criteria share it, so long, specific phrases
 * count most. Ties keep codebook order. Scores are rounded to 3 decimals.
 */
export function suggestCriteria(text: string, codebook: Codebook, limit = Infinity): Suggestion[] {
  const words = stems(text);
  if (words.length === 0) return [];
  const { criteria, byFirstWord } = prepare(codebook);
  const found = new Map<number, Phrase[]>();
  for (let i = 0; i < words.length; i++) {
    const candidates = byFirstWord.get(words[i]);
    if (!candidates) continue;
    next: for (const p of candidates) {
      if (i + p.words.length > words.length) continue;
      for (let j = 1; j < p.words.length; j++) if (words[i + j] !== p.words[j]) continue next;
      const list = found.get(p.criterion);
      if (!list) found.set(p.criterion, [p]);
      else if (!list.includes(p)) list.push(p);
    }
  }
  const scored: Suggestion[] = [];
  for (const ci of [...found.keys()].sort((a, b) => a - b)) {
    // Summed in the codebook's phrase order, so scores do not depend on where phrases occur.
    const matched = found.get(ci)!.sort((a, b) => a.order - b.order);
    let score = 0;
    for (const p of matched) score += p.weight;
    scored.push({ id: criteria[ci].id, score: Math.round(score * 1000) / 1000, matched: matched.map((p) => p.source) });
  }
  // Array.prototype.sort is stable, so equal scores stay in codebook order.
  scored.sort((a, b) => b.score - a.score);
  return scored.slice(0, limit);
}
