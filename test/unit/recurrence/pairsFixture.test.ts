import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseReport } from '../../../src/core/parser';

// The labelled set of recurring and non-recurring paragraph pairs, written by hand from the Bury seed
// documents. These tests check that the fixture is well formed and still points at real paragraphs,
// so that precision and recall measured on it mean something.

const FIXTURE = path.resolve(__dirname, '../../fixtures/recurrence/bury-pairs.json');
const SEEDS = path.resolve(__dirname, '../../../../shared/reports/seeds');

const MIN_RECURRING = 45;
const MIN_NOT_RECURRING = 90;

interface PairSide {
  file: string;
  paragraph: string;
}

interface LabelledPair {
  a: PairSide;
  b: PairSide;
  recurring: boolean;
  topic: string;
  why: string;
}

function isSide(value: unknown): value is PairSide {
  if (typeof value !== 'object' || value === null) return false;
  const side = value as Record<string, unknown>;
  return typeof side.file === 'string' && side.file.length > 0
    && typeof side.paragraph === 'string' && side.paragraph.length > 0;
}

function loadPairs(): LabelledPair[] {
  const data = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { description?: unknown; pairs?: unknown };
  assert.equal(typeof data.description, 'string', `${FIXTURE}: "description" must be a string`);
  assert.ok(Array.isArray(data.pairs), `${FIXTURE}: "pairs" must be an array`);
  return data.pairs.map((raw: unknown, index: number) => {
    const pair = raw as Record<string, unknown>;
    const where = `${FIXTURE}: pair ${index}`;
    assert.ok(isSide(pair.a), `${where}: "a" needs a file and a paragraph id`);
    assert.ok(isSide(pair.b), `${where}: "b" needs a file and a paragraph id`);
    assert.equal(typeof pair.recurring, 'boolean', `${where}: "recurring" must be true or false`);
    assert.ok(typeof pair.topic === 'string' && pair.topic.trim() !== '', `${where}: "topic" is empty`);
    assert.ok(typeof pair.why === 'string' && pair.why.trim() !== '', `${where}: "why" is empty`);
    return pair as unknown as LabelledPair;
  });
}

function describePair(pair: LabelledPair): string {
  return `${pair.a.file}#${pair.a.paragraph} / ${pair.b.file}#${pair.b.paragraph}`;
}

describe('recurrence: labelled Bury pairs fixture', () => {
  const pairs = loadPairs();

  it('pairs two paragraphs from different documents', () => {
    const sameFile = pairs.filter((pair) => pair.a.file === pair.b.file).map(describePair);
    assert.deepEqual(sameFile, []);
  });

  it('lists no pair twice, in either order', () => {
    const seen = new Map<string, number>();
    const repeated: string[] = [];
    pairs.forEach((pair, index) => {
      const ends = [`${pair.a.file}#${pair.a.paragraph}`, `${pair.b.file}#${pair.b.paragraph}`].sort();
      const key = ends.join(' / ');
      const first = seen.get(key);
      if (first !== undefined) repeated.push(`pairs ${first} and ${index}: ${key}`);
      else seen.set(key, index);
    });
    assert.deepEqual(repeated, []);
  });

  it(`has at least ${MIN_RECURRING} recurring and ${MIN_NOT_RECURRING} non-recurring pairs`, () => {
    const recurring = pairs.filter((pair) => pair.recurring).length;
    const notRecurring = pairs.length - recurring;
    assert.ok(recurring >= MIN_RECURRING, `only ${recurring} recurring pairs`);
    assert.ok(notRecurring >= MIN_NOT_RECURRING, `only ${notRecurring} non-recurring pairs`);
  });

  it('refers only to paragraph ids the parser gives for the seed documents', function () {
    if (!existsSync(SEEDS)) {
      console.warn(`    skipped: the seed reports folder ${SEEDS} is not present, so paragraph ids cannot be checked`);
      this.skip();
    }
    const idsByFile = new Map<string, Set<string>>();
    const problems: string[] = [];
    for (const pair of pairs) {
      for (const side of [pair.a, pair.b]) {
        let ids = idsByFile.get(side.file);
        if (ids === undefined) {
          const file = path.join(SEEDS, side.file);
          if (!existsSync(file)) {
            problems.push(`${side.file}: no such seed document`);
            ids = new Set();
          } else {
            ids = new Set(parseReport(file, readFileSync(file)).paragraphs.map((paragraph) => paragraph.id));
          }
          idsByFile.set(side.file, ids);
        }
        if (ids.size > 0 && !ids.has(side.paragraph)) {
          problems.push(`${side.file}: no paragraph with id "${side.paragraph}"`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });
});
