import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import schema from '../../../schemas/export.schema.json';
import { builtinCodebook } from '../../../src/core/codebook';
import { parseReport } from '../../../src/core/parser';
import {
  buildExport,
  codePointCounter,
  EXPORT_SCHEMA_ID,
  parseExport,
  serialiseExport,
  validateExport,
  type ExportDocument,
  type TaggedFinding,
} from '../../../src/core/export';
import { EXPORTED, exportOf, FOCUSED_VISIT, INSPECTION, makeWorkspace, OTHER_AUTHORITY, readText, removeWorkspace, storeAt, tagParagraph, writeText } from './helpers';

/**
 * Every object schema that lists its properties closed to others, done here so the test does not
 * trust the product's `closedSchema`; left open: the `if` telling printed from tagged findings and
 * `findingCommon`, which both kinds of finding take in with `allOf` and then close themselves.
 */
function closed(node: unknown, open = false): unknown {
  if (Array.isArray(node)) return node.map((n) => closed(n, open));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'properties' || k === 'definitions') out[k] = Object.fromEntries(Object.entries(v as object).map(([name, sub]) => [name, closed(sub, open || (k === 'definitions' && name === 'findingCommon'))]));
    else out[k] = closed(v, open || k === 'if');
  }
  if (!open && 'properties' in out && !('additionalProperties' in out)) out.additionalProperties = false;
  return out;
}

/**
 * A validator of our own, compiled straight from the shipped schema file (closed to properties it
 * does not name, so every field an export holds is documented), so the test does not trust the product's.
 */
function schemaValidator(): (value: unknown) => boolean {
  const validate = new Ajv({ allErrors: true, strict: true }).compile(closed(schema) as object);
  return (value) => {
    const ok = validate(value);
    if (!ok) assert.fail(`export fails the schema: ${JSON.stringify(validate.errors, null, 2)}`);
    return ok;
  };
}

describe('export: JSON and its schema', () => {
  let root: string;
  beforeEach(async () => {
    root = await makeWorkspace();
  });
  afterEach(async () => {
    await removeWorkspace(root);
  });

  async function tagSome(): Promise<void> {
    const store = storeAt(root);
    await tagParagraph(root, store, INSPECTION, 'p2', { criteria: ['hp.assessments', 'hp.plans'], assessment: 'area-for-improvement', status: 'in-progress', note: 'Raised again in 2025.' });
    await tagParagraph(root, store, INSPECTION, 'p4', { criteria: ['cic.entry-to-care'], assessment: 'strength', status: 'resolved' });
    await tagParagraph(root, store, INSPECTION, 'p6', { criteria: ['cl.pathway-plans', 'no.such-criterion'], assessment: 'serious-weakness' });
    await tagParagraph(root, store, OTHER_AUTHORITY, 'what-needs-to-improve-in-this-area-of-social-work-practice.1', { criteria: ['lead.supervision'] });
    const [first] = parseReport(FOCUSED_VISIT, await readText(root, FOCUSED_VISIT)).improvementAreas;
    await store.setImprovementStatus(FOCUSED_VISIT, { improvement: first.id, quote: first.text, status: 'resolved', note: 'Done', author: 'B. Adviser' });
  }

  it('validates against schemas/export.schema.json, with every kind of finding present', async () => {
    await tagSome();
    // An orphan: tag a paragraph, then remove its words from the report.
    const store = storeAt(root, Date.parse('2026-11-21T09:00:00.000Z'));
    const gone = await tagParagraph(root, store, INSPECTION, 'p3', { criteria: ['hp.strategy-meetings'] });
    await writeText(root, INSPECTION, (await readText(root, INSPECTION)).replace(gone.selectors.quote.exact, ''));

    const { doc } = await exportOf(root, { printed: true });
    const validate = schemaValidator();
    // Through a serialise and parse, as a reader of the file would see it.
    const read = JSON.parse(serialiseExport(doc)) as unknown;
    assert.ok(validate(read));
    assert.deepEqual(validateExport(read, { closed: true }), []);
    assert.equal(doc.$schema, EXPORT_SCHEMA_ID);
    assert.equal(doc.schemaVersion, 1);
    assert.equal(doc.exported, EXPORTED.toISOString());
    const types = new Set(doc.findings.map((f) => `${f.type}${f.orphaned ? ' orphan' : ''}`));
    assert.deepEqual([...types].sort(), ['printed', 'tagged', 'tagged orphan']);
    assert.equal(doc.counts.tagged, 5);
    assert.equal(doc.counts.orphaned, 1);
    assert.equal(doc.counts.findings, doc.findings.length);
    assert.equal(doc.counts.byAssessment.strength, 1);
    assert.equal(doc.counts.byAssessment['serious-weakness'], 1);
    assert.equal(doc.counts.byAssessment.none, doc.counts.printed + 2);
    assert.equal(doc.counts.reports, 3);
    assert.equal(doc.codebook.source, 'builtin');
    assert.ok(doc.codebook.criteria.some((c) => c.id === 'hp.assessments' && c.label.length > 0));
  });

  it('the schema rejects what it should (a wrong status, a missing field, an unknown field, a tagged finding without its stored anchor)', async () => {
    await tagSome();
    const { doc } = await exportOf(root, { printed: true });
    const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
    const validateClosed = new Ajv({ allErrors: true, strict: true }).compile(closed(schema) as object);
    const clone = (): ExportDocument => JSON.parse(JSON.stringify(doc)) as ExportDocument;
    const tagged = (d: ExportDocument): TaggedFinding => d.findings.find((f): f is TaggedFinding => f.type === 'tagged') as TaggedFinding;

    const badStatus = clone();
    (tagged(badStatus) as unknown as { status: string }).status = 'done';
    assert.equal(validate(badStatus), false);
    assert.ok(validateExport(badStatus).some((m) => /status: must be one of "open", "in-progress", "resolved"/.test(m)), validateExport(badStatus).join('\n'));

    const missing = clone();
    delete (missing as Partial<ExportDocument>).counts;
    assert.equal(validate(missing), false);

    // A field added by a later version 1 passes the shipped schema and reaches import; this
    // version's own exports are checked against the closed schema, which names it.
    const unknown = clone();
    (tagged(unknown) as unknown as Record<string, unknown>).colour = 'red';
    (unknown.counts as unknown as Record<string, unknown>).byCriterion = {};
    assert.equal(validate(unknown), true);
    assert.deepEqual(validateExport(unknown), []);
    assert.ok(parseExport(serialiseExport(unknown)).ok);
    assert.equal(validateClosed(unknown), false);
    assert.ok(validateExport(unknown, { closed: true }).some((m) => /^findings\[\d+\]: unknown property "colour"$/.test(m)), validateExport(unknown, { closed: true }).join('\n'));
    assert.ok(validateExport(unknown, { closed: true }).includes('counts: unknown property "byCriterion"'));
    // Closing the schema does not close the test that tells a printed finding from a tagged one.
    assert.deepEqual(validateExport(clone(), { closed: true }), []);

    const noAnchor = clone();
    delete (tagged(noAnchor) as Partial<TaggedFinding>).stored;
    assert.equal(validate(noAnchor), false);

    const outside = clone();
    tagged(outside).report.file = '../elsewhere.txt';
    tagged(outside).created = '23/11/2026';
    assert.equal(validate(outside), false);
    const said = validateExport(outside);
    assert.ok(said.some((m) => /^findings\[\d+\]\.report\.file: must be a path inside the workspace: relative, with forward slashes and no "\.\."/.test(m)), said.join('\n'));
    assert.ok(said.some((m) => /^findings\[\d+\]\.created: must be a date and time such as "2026-11-23T14:41:09\.145Z"$/.test(m)), said.join('\n'));
  });

  it('gives each tagged finding its report, paragraph, criteria with labels, and a place that points at exactly its text', async () => {
    await tagSome();
    const { doc } = await exportOf(root);
    const text = await readText(root, INSPECTION);
    const p2 = doc.findings.find((f) => f.type === 'tagged' && f.paragraph === 'p2') as TaggedFinding;
    assert.ok(p2);
    assert.equal(p2.paragraphNumber, 2);
    assert.equal(p2.report.file, INSPECTION);
    assert.equal(p2.report.localAuthority, 'Ashcombe');
    assert.equal(p2.report.kind, 'inspection');
    assert.equal(p2.report.framework, 'ilacs');
    assert.deepEqual(p2.report.inspectionDates, { start: '2024-02-05', end: '2024-02-16' });
    assert.ok(p2.report.grades.some((g) => g.area === 'help-and-protection' && g.grade === 'requires-improvement'));
    assert.deepEqual(
      p2.criteria.map((c) => [c.id, c.area]),
      [
        ['hp.assessments', 'help-and-protection'],
        ['hp.plans', 'help-and-protection'],
      ],
    );
    assert.equal(p2.criteria[0].areaLabel, 'Help and protection');
    assert.equal(p2.assessment, 'area-for-improvement');
    assert.equal(p2.status, 'in-progress');
    assert.equal(p2.note, 'Raised again in 2025.');
    assert.equal(p2.author, 'A. Officer');
    assert.ok(p2.text.startsWith('Assessments for children in need are too often late.'));
    assert.ok(p2.location);
    assert.equal(text.slice(p2.location.offsets.start, p2.location.offsets.end), p2.text);
    // 1-based line and column: the line of the text holds it at that column.
    const lines = text.split('\n');
    assert.ok(lines[p2.location.start.line - 1].slice(p2.location.start.column - 1).startsWith('Assessments for children'));
    assert.equal(lines[p2.location.end.line - 1].slice(0, p2.location.end.column - 1).slice(-10), p2.text.slice(-10));

    const unknown = doc.findings.find((f) => f.paragraph === 'p6');
    assert.ok(unknown);
    assert.deepEqual(unknown.criteria[1], { id: 'no.such-criterion', label: null, area: null, areaLabel: null });
  });

  it('counts code points apart from UTF-16 units when the report holds characters outside the BMP', async () => {
    const original = await readText(root, INSPECTION);
    // An accented and a non-BMP character before the tagged text, and one inside it.
    await writeText(root, INSPECTION, original.replace('Partners\nshare', 'Partners (é𝒳)\nshare').replace('Some are descriptive', 'Some (𝔸) are descriptive'));
    const store = storeAt(root);
    await tagParagraph(root, store, INSPECTION, 'p2', { criteria: ['hp.assessments'] });
    const { doc } = await exportOf(root);
    const f = doc.findings[0];
    assert.ok(f.location && f.text.includes('𝔸'));
    const text = await readText(root, INSPECTION);
    assert.equal(text.slice(f.location.offsets.start, f.location.offsets.end), f.text);
    // One non-BMP character before the text: code points run one behind UTF-16 units; the text holds one more.
    assert.equal(f.location.codePoints.start, f.location.offsets.start - 1);
    assert.equal(f.location.codePoints.end, f.location.offsets.end - 2);
    assert.equal(Array.from(text).slice(f.location.codePoints.start, f.location.codePoints.end).join(''), f.text);
  });

  it('maps offsets to code points, an offset inside a surrogate pair counting after the character', () => {
    const count = codePointCounter('a𝒳b');
    assert.deepEqual([0, 1, 2, 3, 4].map(count), [0, 1, 2, 2, 3]);
    assert.equal(codePointCounter('plain')(3), 3);
  });

  it('exports printed improvement areas only when asked, with their stored status and suggested or chosen criteria', async () => {
    await tagSome();
    const without = (await exportOf(root)).doc;
    assert.ok(without.findings.every((f) => f.type === 'tagged'));
    const { doc } = await exportOf(root, { printed: true });
    const printed = doc.findings.filter((f) => f.type === 'printed');
    assert.ok(printed.length >= 5, `only ${printed.length} printed findings`);
    const resolved = printed.find((f) => f.report.file === FOCUSED_VISIT && f.status === 'resolved');
    assert.ok(resolved && resolved.type === 'printed');
    assert.equal(resolved.note, 'Done');
    assert.equal(resolved.author, 'B. Adviser');
    assert.ok(resolved.stored);
    assert.equal(resolved.improvement.criteriaSuggested, true);
    assert.ok(resolved.criteria.length > 0);
    // The exact text, without the bullet glyph, at its place.
    const text = await readText(root, FOCUSED_VISIT);
    assert.ok(resolved.location);
    assert.equal(text.slice(resolved.location.offsets.start, resolved.location.offsets.end), resolved.text);
    assert.ok(!resolved.text.startsWith('◼'));
    const open = printed.find((f) => f.type === 'printed' && f.stored === null);
    assert.ok(open && open.status === 'open' && open.author === null);
  });

  it('filters by status (open meaning not resolved), report, criterion and assessment', async () => {
    await tagSome();
    const all = (await exportOf(root)).doc;
    assert.equal(all.findings.length, 4);
    const open = (await exportOf(root, { status: 'open' })).doc;
    assert.deepEqual(open.findings.map((f) => f.status).sort(), ['in-progress', 'open', 'open']);
    assert.equal(open.filter.status, 'open');
    const resolved = (await exportOf(root, { status: 'resolved' })).doc;
    assert.deepEqual(resolved.findings.map((f) => f.paragraph), ['p4']);
    const one = (await exportOf(root, { reports: [OTHER_AUTHORITY] })).doc;
    assert.deepEqual([...new Set(one.findings.map((f) => f.report.file))], [OTHER_AUTHORITY]);
    assert.deepEqual(one.filter.reports, [OTHER_AUTHORITY]);
    const criterion = (await exportOf(root, { criterion: 'hp.plans' })).doc;
    assert.deepEqual(criterion.findings.map((f) => f.paragraph), ['p2']);
    const strengths = (await exportOf(root, { assessment: 'strength' })).doc;
    assert.deepEqual(strengths.findings.map((f) => f.paragraph), ['p4']);
    assert.equal(strengths.counts.findings, 1);
  });

  it('lists as recurrences the other exported findings on the paragraphs the recurrence index links', async () => {
    await tagSome();
    const store = storeAt(root, Date.parse('2026-11-22T09:00:00.000Z'));
    const earlier = await tagParagraph(root, store, FOCUSED_VISIT, 'what-needs-to-improve-in-this-area-of-social-work-practice.2', { criteria: ['hp.assessments'] });
    const links = new Map([[`${INSPECTION}#p2`, [{ file: FOCUSED_VISIT, paragraph: 'what-needs-to-improve-in-this-area-of-social-work-practice.2' }, { file: 'nowhere.txt', paragraph: 'p1' }]]]);
    const { doc } = await exportOf(root, { recurringParagraphs: (file, paragraph) => links.get(`${file}#${paragraph}`) ?? [] });
    const p2 = doc.findings.find((f) => f.paragraph === 'p2');
    assert.ok(p2);
    assert.deepEqual(p2.recurrences, [earlier.id]);
    assert.ok(doc.findings.filter((f) => f !== p2).every((f) => f.recurrences.length === 0));
    // Without the index, nothing is linked.
    assert.ok((await exportOf(root)).doc.findings.every((f) => f.recurrences.length === 0));
  });

  it('orders findings by report date, then place, and gives the same document for the same workspace', async () => {
    await tagSome();
    const a = (await exportOf(root, { printed: true })).doc;
    const b = (await exportOf(root, { printed: true })).doc;
    assert.equal(serialiseExport(a), serialiseExport(b));
    const files = a.findings.map((f) => f.report.file);
    // 2022 focused visit, 2023 letter, 2024 inspection.
    assert.deepEqual([...new Set(files)], [FOCUSED_VISIT, OTHER_AUTHORITY, INSPECTION]);
  });

  it('reads an export back, refusing one from a newer version, text that is not JSON and other JSON', async () => {
    await tagSome();
    const { doc } = await exportOf(root);
    const text = serialiseExport(doc);
    const read = parseExport(text);
    assert.ok(read.ok);
    assert.deepEqual(read.doc, doc);
    const newer = parseExport(text.replace('"schemaVersion": 1', '"schemaVersion": 2'));
    assert.ok(!newer.ok && /newer version of ILACS Annotator \(schemaVersion 2\)/.test(newer.problems[0]));
    const broken = parseExport(text.slice(0, 100));
    assert.ok(!broken.ok && /^not valid JSON/.test(broken.problems[0]));
    const other = parseExport('{"name": "package"}');
    assert.ok(!other.ok && /not an ILACS Annotator export/.test(other.problems[0]));
  });

  it('the schema file and the build agree on the $id and version', async () => {
    const file = JSON.parse(await fs.readFile(path.resolve(__dirname, '../../../schemas/export.schema.json'), 'utf8')) as { $id: string; properties: { $schema: { const: string }; schemaVersion: { const: number } } };
    assert.equal(file.$id, EXPORT_SCHEMA_ID);
    assert.equal(file.properties.$schema.const, EXPORT_SCHEMA_ID);
    const doc = buildExport([], builtinCodebook(), { workspace: 'w', exported: EXPORTED });
    assert.equal(file.properties.schemaVersion.const, doc.schemaVersion);
    assert.deepEqual(validateExport(doc, { closed: true }), []);
  });
});

describe('export: the README', () => {
  it('documents the JSON format with an example that passes the schema', async () => {
    const readme = await fs.readFile(path.resolve(__dirname, '../../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### The JSON format'));
    const example = /```json\n([\s\S]*?)\n```/.exec(section);
    assert.ok(example, 'no JSON example under "The JSON format"');
    const doc = JSON.parse(example[1]) as unknown;
    assert.deepEqual(validateExport(doc, { closed: true }), []);
    assert.equal((doc as ExportDocument).$schema, EXPORT_SCHEMA_ID);
  });
});
