import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { parseCodebookJson } from '../../../src/core/codebook';

// The schema as the editor reads it from disk, compiled independently of the loader.
const schemaFile = path.join(__dirname, '..', '..', '..', 'schemas', 'codebook.schema.json');
const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as Record<string, unknown>;
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

const cl = { id: 'cl.x', label: 'X', area: 'care-leavers' };

/** Files whose validity the schema alone decides (no cross-references involved). */
const good: unknown[] = [
  {},
  { $schema: './schema.json', version: 1, mode: 'extends' },
  { criteria: [cl] },
  { criteria: [{ ...cl, description: 'd', keywords: ['pathway plan', 'pa'] }] },
  { areas: [{ id: 'mine', label: 'Mine', printed: 'Mine', framework: 'other', from: 2020, to: 2024, colour: '#A1b2C3', description: '', criterionAreas: ['mine'] }] },
  { remove: ['hp.lado'] },
];
const bad: unknown[] = [
  [],
  'codebook',
  { version: 2 },
  { mode: 'replace' },
  { extra: true },
  { criteria: {} },
  { criteria: [{ id: 'cl.x', label: 'X' }] },
  { criteria: [{ id: 'cl.x', area: 'care-leavers' }] },
  { criteria: [{ label: 'X', area: 'care-leavers' }] },
  { criteria: [{ ...cl, label: '' }] },
  { criteria: [{ ...cl, id: 'Cl.X' }] },
  { criteria: [{ ...cl, id: 'cl..x' }] },
  { criteria: [{ ...cl, keywords: 'pa' }] },
  { criteria: [{ ...cl, keywords: ['PA'] }] },
  { criteria: [{ ...cl, keywords: [''] }] },
  { criteria: [{ ...cl, colour: '#fff' }] },
  { areas: [{ id: 'a', label: 'A', colour: '#fff' }] },
  { areas: [{ id: 'a', label: 'A', framework: 'jtai' }] },
  { areas: [{ id: 'a', label: 'A', from: 2020.5 }] },
  { areas: [{ id: 'a' }] },
  { remove: 'hp.lado' },
  { remove: [3] },
];

describe('codebook schema and loader agree', () => {
  it('is a draft-07 schema', () => {
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  });

  it('describes every property, so editor completion explains each field', () => {
    const missing: string[] = [];
    const visit = (node: unknown, where: string) => {
      if (!node || typeof node !== 'object') return;
      const props = (node as { properties?: Record<string, unknown> }).properties;
      for (const [name, prop] of Object.entries(props ?? {})) {
        if (!(prop as { description?: string }).description) missing.push(`${where}.${name}`);
        visit(prop, `${where}.${name}`);
      }
      for (const [name, def] of Object.entries((node as { definitions?: Record<string, unknown> }).definitions ?? {})) visit(def, `definitions.${name}`);
    };
    visit(schema, 'root');
    assert.deepEqual(missing, []);
  });

  for (const example of good) {
    it(`accepts ${JSON.stringify(example)}`, () => {
      assert.equal(validate(example), true, JSON.stringify(validate.errors));
      const result = parseCodebookJson(JSON.stringify(example), 'f');
      assert.equal(result.ok, true, result.ok ? '' : result.errors.map((e) => e.message).join('; '));
    });
  }

  for (const example of bad) {
    it(`rejects ${JSON.stringify(example)}`, () => {
      assert.equal(validate(example), false, 'the schema accepts it');
      assert.equal(parseCodebookJson(JSON.stringify(example), 'f').ok, false, 'the loader accepts it');
    });
  }
});
