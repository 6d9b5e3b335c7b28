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

interface Matcher {
  criterion: Criterion;
  phrases: { words: string[]; source: string }[];
}

const matcherCache = new WeakMap<Codebook, { matchers: Matcher[]; weights: Map<string, number> }>();

function prepare(codebook: Codebook): { matchers: Matcher[]; weights: Map<string, number> } {
  const cached = matcherCache.get(codebook);
  if (cached) return cached;
  const matchers: Matcher[] = [];
  const spread = new Map<string, number>();
  for (const criterion of codebook.criteria) {
    const seen = new Set<string>();
    const phrases: Matcher['phrases'] = [];
    for (const phrase of [...criterion.keywords, criterion.label]) {
      const s = stems(phrase);
      const key = s.join(' ');
      if (s.length === 0 || seen.has(key)) continue;
      seen.add(key);
      phrases.push({ words: s, source: phrase });
      spread.set(key, (spread.get(key) ?? 0) + 1);
    }
    matchers.push({ criterion, phrases });
  }
  // A phrase's weight grows with its length and shrinks with the number of criteria sharing it.
  const weights = new Map<string, number>();
  for (const [key, count] of spread) weights.set(key, key.split(' ').length / count);
  const prepared = { matchers, weights };
  matcherCache.set(codebook, prepared);
  return prepared;
}

/** Whether `phrase` occurs as a contiguous run of `words`. */
function contains(words: string[], phrase: string[]): boolean {
  outer: for (let i = 0; i + phrase.length <= words.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (words[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * Criteria whose keywords (or label) occur in `text`, best first. Each distinct matching phrase
 * adds its weight: its word count divided by how many criteria share it, so long, specific phrases
 * count most. Ties keep codebook order. Scores are rounded to 3 decimals.
 */
export function suggestCriteria(text: string, codebook: Codebook, limit = Infinity): Suggestion[] {
  const words = stems(text);
  if (words.length === 0) return [];
  const { matchers, weights } = prepare(codebook);
  const scored: Suggestion[] = [];
  for (const { criterion, phrases } of matchers) {
    let score = 0;
    const matched: string[] = [];
    for (const phrase of phrases) {
      if (!contains(words, phrase.words)) continue;
      score += weights.get(phrase.words.join(' ')) ?? 0;
      matched.push(phrase.source);
    }
    if (score > 0) scored.push({ id: criterion.id, score: Math.round(score * 1000) / 1000, matched });
  }
  // Array.prototype.sort is stable, so equal scores stay in codebook order.
  scored.sort((a, b) => b.score - a.score);
  return scored.slice(0, limit);
}
