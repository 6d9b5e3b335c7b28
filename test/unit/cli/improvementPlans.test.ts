import { NodeStoreFileSystem } from '../../../src/node/storeFileSystem';
import Ajv from 'ajv';
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { improvementsCommand } from '../../../src/cli/commands/improvements';
import { main } from '../../../src/cli/main';
import { AnnotationStore, parseReportAnnotations, serialiseReportAnnotations, storeFileFor } from '../../../src/core/annotations';
import { FakeIo } from '../workspace/helpers';

// The fictional sample workspace: Wexcombe's 2019 inspection, 2021 focused visit, 2024 inspection
// and news article, and the 2024 monitoring visit.
const SAMPLES = path.resolve(__dirname, '../../../samples');
const PRE_2019 = 'printed:wexcombe__02-july-2019.txt#ia4';
const PRE_2024 = 'printed:wexcombe__24-april-2024.txt#ia5';

interface Item {
  key: string;
  status: string;
  followUps: { file: string; paragraph: string; verdict: string; date: string | null }[];
  latestFollowUp: { file: string; verdict: string; label: string } | null;
  stillRaised: boolean;
  suggestedStatus: string | null;
  owner: string;
  due: string | null;
  rag: string | null;
  ragReason: string;
}

describe('ilacs improvements: follow-ups and improvement plans', () => {
  let root: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'ilacs-plans-'));
    await fs.cp(SAMPLES, root, { recursive: true });
    await fs.mkdir(path.join(root, '.ilacs'), { recursive: true });
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    const io = new FakeIo(root);
    const code = await main(['improvements', '.', ...args], io);
    return { code, out: io.stdout, err: io.stderr };
  }

  async function items(...args: string[]): Promise<Item[]> {
    const r = await run('--json', '--status', 'all', ...args);
    assert.equal(r.code, 0, r.err);
    return (JSON.parse(r.out) as { items: Item[] }).items;
  }

  it('follows a 2019 item through the later reports, oldest first, with the latest verdict and the status it suggests', async () => {
    const pre = (await items()).find((i) => i.key === PRE_2019);
    assert.ok(pre);
    assert.ok(pre.followUps.length >= 2, JSON.stringify(pre.followUps));
    const dates = pre.followUps.map((f) => f.date ?? '');
    assert.deepEqual(dates, [...dates].sort());
    assert.ok(pre.followUps.every((f) => f.file.startsWith('wexcombe') && f.file !== 'wexcombe__02-july-2019.txt'));
    assert.ok(pre.followUps.some((f) => f.file === 'wexcombe__05-november-2024.txt'), 'the monitoring visit evaluates pre-proceedings');
    assert.equal(pre.latestFollowUp?.file, 'wexcombe__05-november-2024.txt');
    assert.match(pre.latestFollowUp?.label ?? '', /^2024 monitoring visit: (improved|progress|not-improved)$/);
    assert.equal(pre.status, 'open');
    const expected = { improved: 'resolved', progress: 'in-progress', 'not-improved': null }[pre.latestFollowUp?.verdict as 'improved'];
    assert.equal(pre.suggestedStatus, expected);
  });

  it('lists only items the latest report still raises with --still-raised', async () => {
    const all = await items();
    const raised = await items('--still-raised');
    assert.ok(raised.length > 0 && raised.length < all.length);
    assert.ok(raised.every((i) => i.stillRaised));
    assert.deepEqual(raised.map((i) => i.key), all.filter((i) => i.stillRaised).map((i) => i.key));
  });

  it('sets a plan with --set, keeps fields not given, never touches the status, and shows it in JSON and the board sheet', async () => {
    let r = await run('--set', PRE_2024, '--owner', 'Head of Service, Court', '--due', '2025-03-31', '--rag', 'amber', '--reason', 'Tracker live; timeliness not yet better', '--author', 'A. Officer');
    assert.equal(r.code, 0, r.err);
    r = await run('--set', PRE_2024, '--rag', 'red', '--author', 'B. Officer');
    assert.equal(r.code, 0, r.err);

    const storeFile = path.join(root, ...storeFileFor('wexcombe__24-april-2024.txt').split('/'));
    const text = await fs.readFile(storeFile, 'utf8');
    const parsed = parseReportAnnotations('store.json', text, 'wexcombe__24-april-2024.txt');
    assert.ok(parsed.ok, JSON.stringify(parsed));
    assert.deepEqual(parsed.data.improvements, []);
    assert.equal(parsed.data.plans?.length, 1);
    assert.deepEqual({ ...parsed.data.plans?.[0], modified: undefined }, {
      report: 'wexcombe__24-april-2024.txt',
      improvement: 'ia5',
      quote: 'The tracking and progress of children in pre-proceedings.',
      owner: 'Head of Service, Court',
      due: '2025-03-31',
      rag: 'red',
      reason: 'Tracker live; timeliness not yet better',
      author: 'B. Officer',
      modified: undefined,
    });
    assert.equal(serialiseReportAnnotations(parsed.data), text, 'the store file is in its stable form');

    const item = (await items()).find((i) => i.key === PRE_2024);
    assert.deepEqual([item?.status, item?.owner, item?.due, item?.rag, item?.ragReason], ['open', 'Head of Service, Court', '2025-03-31', 'red', 'Tracker live; timeliness not yet better']);

    const csv = await run('--format', 'csv', '--status', 'all');
    assert.equal(csv.code, 0, csv.err);
    assert.ok(csv.out.startsWith('\uFEFF"authority","report","date","item","judgement area","criteria","status","status suggested","latest follow-up","latest verdict","owner","due","RAG","RAG reason"\r\n'));
    const rows = csv.out.slice(1).trimEnd().split('\r\n');
    assert.equal(rows.length, 1 + (await items()).length);
    const row = rows.find((x) => x.includes('"The tracking and progress of children in pre-proceedings."') && x.includes('wexcombe__24-april-2024.txt'));
    assert.ok(row);
    assert.ok(row.startsWith('"Wexcombe","wexcombe__24-april-2024.txt","2024-03-08",'), row);
    assert.ok(row.endsWith('"Head of Service, Court","2025-03-31","red","Tracker live; timeliness not yet better"'), row);
    assert.match(row, /"2024 monitoring visit \(wexcombe__05-november-2024\.txt\)","(improved|progress|not-improved)"/);
  });

  it('refuses a due date that is no day, an unknown RAG and an unknown key, writing nothing', async () => {
    for (const args of [['--due', '2025-02-30'], ['--due', '31/03/2025'], ['--rag', 'purple']]) {
      const r = await run('--set', PRE_2024, ...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    }
    const unknown = await run('--set', 'printed:nowhere.txt#ia1', '--owner', 'X');
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /no improvement item has the key "printed:nowhere\.txt#ia1"/);
    assert.equal(await fs.stat(path.join(root, '.ilacs', 'annotations')).then(() => true, () => false), false);
    assert.equal((await run('--owner', 'X')).code, 2, 'plan fields need --set');
  });

  it('writes no "plans" key into a store file that has none', async () => {
    const data = { schemaVersion: 1 as const, report: 'a.txt', annotations: [], improvements: [] };
    assert.ok(!serialiseReportAnnotations(data).includes('plans'));
    assert.ok(!serialiseReportAnnotations({ ...data, plans: [] }).includes('plans'));
  });

  it('reports a plan that names no item, or two, by line and column', () => {
    const text = JSON.stringify({ schemaVersion: 1, report: 'a.txt', annotations: [], improvements: [], plans: [{ report: 'a.txt', owner: '', due: null, rag: null, reason: '', author: 'X', modified: '2026-01-01T00:00:00Z' }] }, null, 2);
    const parsed = parseReportAnnotations('.ilacs/annotations/a.txt.json', text, 'a.txt');
    assert.equal(parsed.ok, false);
    assert.match(parsed.ok ? '' : parsed.diagnostics[0].message, /plans\[0\]: name the item either by "improvement" and "quote"/);
    const bad = JSON.parse(text) as { plans: Record<string, unknown>[] };
    bad.plans[0].due = '2026-13-99x';
    const parsedBad = parseReportAnnotations('.ilacs/annotations/a.txt.json', JSON.stringify(bad), 'a.txt');
    assert.equal(parsedBad.ok, false);
  });

  it('is the command the CLI runs', () => {
    assert.equal(improvementsCommand.name, 'improvements');
  });
});

describe('ilacs export: follow-ups and plans of improvement items', () => {
  let root: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'ilacs-plans-export-'));
    await fs.cp(SAMPLES, root, { recursive: true });
    await fs.mkdir(path.join(root, '.ilacs'), { recursive: true });
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('gives each printed finding its follow-ups and plan, and validates against the shipped schema', async () => {
    const io = new FakeIo(root);
    assert.equal(await main(['improvements', '.', '--set', PRE_2024, '--owner', 'Court team', '--rag', 'amber', '--author', 'A'], io), 0, io.stderr);
    const out = new FakeIo(root);
    assert.equal(await main(['export', '.', '--printed'], out), 0, out.stderr);
    const doc = JSON.parse(out.stdout) as { findings: { id: string; type: string; followUps?: { file: string; verdict: string }[]; plan?: { owner: string; rag: string } | null }[] };
    const printed = doc.findings.filter((f) => f.type === 'printed');
    assert.ok(printed.length > 0 && printed.every((f) => Array.isArray(f.followUps) && f.plan !== undefined));
    const pre2019 = printed.find((f) => f.id === PRE_2019);
    assert.ok(pre2019?.followUps?.some((f) => f.file === 'wexcombe__05-november-2024.txt'));
    const pre2024 = printed.find((f) => f.id === PRE_2024);
    assert.deepEqual([pre2024?.plan?.owner, pre2024?.plan?.rag], ['Court team', 'amber']);
    const schema = JSON.parse(await fs.readFile(path.resolve(__dirname, '../../../schemas/export.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: false }).compile(schema);
    assert.ok(validate(doc), JSON.stringify(validate.errors));
  });
});

describe('ilacs import: improvement plans', () => {
  let from: string;
  let to: string;
  beforeEach(async () => {
    from = await fs.mkdtemp(path.join(os.tmpdir(), 'ilacs-plans-from-'));
    to = await fs.mkdtemp(path.join(os.tmpdir(), 'ilacs-plans-to-'));
    for (const root of [from, to]) {
      await fs.cp(SAMPLES, root, { recursive: true });
      await fs.mkdir(path.join(root, '.ilacs'), { recursive: true });
    }
  });
  afterEach(async () => {
    for (const root of [from, to]) await fs.rm(root, { recursive: true, force: true });
  });

  it('adds a plan the workspace lacks byte for byte, leaves the same plan alone, and reports a different one as a conflict', async () => {
    let io = new FakeIo(from);
    assert.equal(await main(['improvements', '.', '--set', PRE_2024, '--owner', 'Court team', '--due', '2025-03-31', '--rag', 'amber', '--reason', 'Tracker live', '--author', 'A'], io), 0, io.stderr);
    io = new FakeIo(from);
    assert.equal(await main(['export', '.', '--printed', '-o', 'all.json'], io), 0, io.stderr);
    const exported = path.join(from, 'all.json');

    io = new FakeIo(to);
    assert.equal(await main(['import', exported], io), 0, io.stderr);
    assert.match(io.stderr + io.stdout, /1 improvement plan\(s\)/);
    const file = storeFileFor('wexcombe__24-april-2024.txt').split('/');
    assert.equal(await fs.readFile(path.join(to, ...file), 'utf8'), await fs.readFile(path.join(from, ...file), 'utf8'));

    io = new FakeIo(to);
    assert.equal(await main(['import', exported], io), 0, io.stderr);
    assert.match(io.stderr + io.stdout, /Imported 0 tag\(s\) and 0 improvement-area status\(es\); 1 already here and unchanged; 0 conflict/);

    io = new FakeIo(to);
    assert.equal(await main(['improvements', '.', '--set', PRE_2024, '--rag', 'red', '--author', 'B'], io), 0, io.stderr);
    const before = await fs.readFile(path.join(to, ...file), 'utf8');
    io = new FakeIo(to);
    assert.equal(await main(['import', exported], io), 1, 'a conflict');
    assert.match(io.stderr + io.stdout, /the plan of improvement area ia5 .* differs in rag/);
    assert.equal(await fs.readFile(path.join(to, ...file), 'utf8'), before, 'the plan here is kept');
  });
});

describe('annotation store: improvement plans', () => {
  let root: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'ilacs-plans-store-'));
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('sets a plan on the file as it is on disk, keeping what another writer added since, and keeps the other fields of the plan', async () => {
    const store = new AnnotationStore(new NodeStoreFileSystem(root), { now: () => new Date('2026-12-07T10:00:00Z') });
    await store.setImprovementStatus('r.txt', { improvement: 'ia1', quote: 'Item one.', status: 'in-progress', author: 'A' });
    // Another window writes a status for a second item behind this store's back.
    const other = new AnnotationStore(new NodeStoreFileSystem(root));
    await other.setImprovementStatus('r.txt', { improvement: 'ia2', quote: 'Item two.', status: 'resolved', author: 'B' });

    await store.setImprovementPlan('r.txt', { improvement: 'ia1', quote: 'Item one.' }, { owner: 'Owner', due: '2027-01-31', rag: 'green', reason: 'On track', author: 'A' });
    const plan = await store.setImprovementPlan('r.txt', { improvement: 'ia1', quote: 'Item one.' }, { rag: 'amber', author: 'C' });
    assert.deepEqual([plan.owner, plan.due, plan.rag, plan.reason, plan.author], ['Owner', '2027-01-31', 'amber', 'On track', 'C']);
    const tagPlan = await store.setImprovementPlan('r.txt', { annotation: 'tag-1' }, { owner: 'Tag owner', author: 'A' });
    assert.deepEqual([tagPlan.annotation, tagPlan.improvement, tagPlan.due, tagPlan.rag], ['tag-1', undefined, null, null]);

    const statuses = await store.improvementStatuses('r.txt');
    assert.deepEqual(statuses.map((s) => [s.improvement, s.status]), [['ia1', 'in-progress'], ['ia2', 'resolved']]);
    assert.equal((await store.improvementPlans('r.txt')).length, 2);
  });

  it('refuses a due date the schema does not allow, writing nothing', async () => {
    const store = new AnnotationStore(new NodeStoreFileSystem(root));
    await assert.rejects(store.setImprovementPlan('r.txt', { annotation: 'x' }, { due: '31/01/2027', author: 'A' }), /due/);
    assert.equal(await fs.stat(path.join(root, '.ilacs', 'annotations', 'r.txt.json')).then(() => true, () => false), false, 'no store file was written');
  });
});
