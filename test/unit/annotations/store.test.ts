import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  AnnotationStore,
  AnnotationStoreError,
  createSelectors,
  normaliseReportPath,
  parseReportAnnotations,
  ReportPathError,
  serialiseReportAnnotations,
  storeFileFor,
  StoreFileError,
  type NewAnnotation,
  type ReportAnnotations,
} from '../../../src/core/annotations';
import { NodeStoreFileSystem } from '../../../src/node/storeFileSystem';

const REPORT_TEXT =
  'Children who need help and protection\n\n' +
  '12. Social workers visit children regularly and know them well.\n' +
  '13. Management oversight of casework is not consistently effective.\n';

const P12 = [REPORT_TEXT.indexOf('12.'), REPORT_TEXT.indexOf('\n13.')] as const;
const P13 = [REPORT_TEXT.indexOf('13.'), REPORT_TEXT.length - 1] as const;
const HEADING = [0, REPORT_TEXT.indexOf('\n')] as const;

function tag(start: number, end: number, extra: Partial<NewAnnotation> = {}): NewAnnotation {
  return {
    paragraph: 'p12',
    selectors: createSelectors(REPORT_TEXT, start, end),
    criteria: ['hp.visits'],
    author: 'A. Officer',
    ...extra,
  };
}

/** A clock that ticks one second per call, from a fixed start. */
function fixedClock(): () => Date {
  let t = Date.UTC(2025, 0, 31, 9, 30, 0);
  return () => new Date((t += 1000));
}

function sequentialIds(): () => string {
  let n = 0;
  return () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
}

describe('annotation store', () => {
  let root: string;
  let nodeFs: NodeStoreFileSystem;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'ilacs-store-'));
    nodeFs = new NodeStoreFileSystem(root);
  });

  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  const storePath = (report: string) => path.join(root, ...storeFileFor(report).split('/'));

  async function listFiles(dir: string): Promise<string[]> {
    const out: string[] = [];
    for (const e of await fs.readdir(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) out.push(...(await listFiles(p)));
      else out.push(path.relative(root, p).split(path.sep).join('/'));
    }
    // The .gitignore every writer makes sure of has tests of its own (lockedFile.test.ts).
    return out.filter((f) => f !== '.ilacs/.gitignore').sort();
  }

  it('round-trips annotations through the file', async () => {
    const store = new AnnotationStore(nodeFs, { now: fixedClock() });
    const added = await store.add('reports/bury.txt', tag(...P12, { assessment: 'strength', note: 'Good practice' }));
    assert.match(added.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(added.status, 'open');
    assert.equal(added.created, '2025-01-31T09:30:01.000Z');

    const fresh = new AnnotationStore(nodeFs);
    const listed = await fresh.list('reports/bury.txt');
    assert.deepEqual(listed, [added]);
    assert.equal(listed[0].selectors.quote.exact, REPORT_TEXT.slice(...P12));
    assert.deepEqual(await fresh.reports(), ['reports/bury.txt']);
  });

  it('updates and removes, keeping created and moving modified', async () => {
    const store = new AnnotationStore(nodeFs, { now: fixedClock() });
    const a = await store.add('r.txt', tag(...P12));
    const b = await store.add('r.txt', tag(...P13, { paragraph: 'p13' }));
    const updated = await store.update('r.txt', a.id, { status: 'resolved', assessment: 'serious-weakness', note: 'Checked' });
    assert.equal(updated.created, a.created);
    assert.notEqual(updated.modified, a.modified);
    assert.equal(updated.status, 'resolved');
    assert.equal(await store.remove('r.txt', b.id), true);
    assert.equal(await store.remove('r.txt', b.id), false);
    assert.deepEqual(await new AnnotationStore(nodeFs).list('r.txt'), [updated]);
    await assert.rejects(store.update('r.txt', 'no-such-id', { note: 'x' }), AnnotationStoreError);
  });

  it('writes the same bytes for the same data, in a stable order', async () => {
    const opts = () => ({ now: fixedClock(), newId: sequentialIds() });
    const one = new AnnotationStore(nodeFs, opts());
    await one.add('r.txt', tag(...P13, { paragraph: 'p13' }));
    await one.add('r.txt', tag(...P12));
    const first = await fs.readFile(storePath('r.txt'));

    const other = await fs.mkdtemp(path.join(os.tmpdir(), 'ilacs-store-'));
    try {
      const two = new AnnotationStore(new NodeStoreFileSystem(other), opts());
      await two.add('r.txt', tag(...P13, { paragraph: 'p13' }));
      await two.add('r.txt', tag(...P12));
      const second = await fs.readFile(path.join(other, ...storeFileFor('r.txt').split('/')));
      assert.ok(first.equals(second), 'two stores with the same data wrote different bytes');
    } finally {
      await fs.rm(other, { recursive: true, force: true });
    }

    const text = first.toString('utf8');
    assert.ok(text.endsWith('}\n') && !text.endsWith('\n\n'), 'one trailing newline');
    assert.ok(!text.includes('\r'), 'LF line ends');
    assert.match(text, /^\{\n {2}"schemaVersion": 1,\n {2}"report": "r.txt",\n {2}"annotations": \[/);
    const data = JSON.parse(text) as ReportAnnotations;
    // Sorted by position although added in the other order.
    assert.deepEqual(
      data.annotations.map((a) => a.selectors.position.start),
      [P12[0], P13[0]],
    );
    assert.deepEqual(Object.keys(data.annotations[0]), ['id', 'report', 'paragraph', 'selectors', 'criteria', 'assessment', 'status', 'note', 'author', 'created', 'modified']);
    // Serialising what was read gives the file back byte for byte.
    assert.equal(serialiseReportAnnotations(data), text);
    // A change that changes nothing does not rewrite the file.
    const statBefore = await fs.stat(storePath('r.txt'));
    await one.remove('r.txt', 'not-there');
    const statAfter = await fs.stat(storePath('r.txt'));
    assert.equal(statAfter.mtimeMs, statBefore.mtimeMs);
  });

  it('normalises report paths (./ segments, repeated slashes) to one stored form', async () => {
    const store = new AnnotationStore(nodeFs, { now: fixedClock() });
    const a = await store.add('reports/bury/./2021.txt', tag(...P12));
    assert.equal(a.report, 'reports/bury/2021.txt');
    assert.equal(storeFileFor('./reports//bury/2021.txt'), '.ilacs/annotations/reports/bury/2021.txt.json');
    assert.deepEqual(await listFiles(root), ['.ilacs/annotations/reports/bury/2021.txt.json']);
    assert.deepEqual(await store.list('reports/bury/2021.txt'), [a]);
    assert.deepEqual(await store.list('./reports//bury/2021.txt'), [a]);
    const onDisk = JSON.parse(await fs.readFile(storePath('reports/bury/2021.txt'), 'utf8')) as ReportAnnotations;
    assert.equal(onDisk.report, 'reports/bury/2021.txt');
    assert.equal(onDisk.annotations[0].report, 'reports/bury/2021.txt');
  });

  it('refuses report paths that are absolute or leave the workspace', () => {
    for (const bad of ['/etc/report.txt', 'C:\\reports\\a.txt', 'C:/a.txt', '../a.txt', 'reports/../../a.txt', '', './']) {
      assert.throws(() => normaliseReportPath(bad), ReportPathError, bad);
    }
    // A name that only begins with two dots is a name, not a way out.
    assert.equal(normaliseReportPath('..report.txt'), '..report.txt');
  });

  it('stores the status of printed improvement areas in the same file', async () => {
    const store = new AnnotationStore(nodeFs, { now: fixedClock() });
    const quote = 'The quality and impact of management oversight.';
    await store.setImprovementStatus('r.txt', { improvement: 'ia2', quote, status: 'in-progress', author: 'A. Officer' });
    const rec = await store.setImprovementStatus('r.txt', { improvement: 'ia2', quote, status: 'resolved', note: 'Audit in May', author: 'A. Officer' });
    await store.setImprovementStatus('r.txt', { improvement: 'ia1', quote: 'Assessments.', status: 'open', author: 'B. Officer' });
    const listed = await new AnnotationStore(nodeFs).improvementStatuses('r.txt');
    assert.deepEqual(
      listed.map((r) => [r.improvement, r.status]),
      [
        ['ia1', 'open'],
        ['ia2', 'resolved'],
      ],
    );
    assert.deepEqual(listed[1], rec);
    assert.equal(await store.clearImprovementStatus('r.txt', 'ia2', quote), true);
    assert.equal(await store.clearImprovementStatus('r.txt', 'ia2', quote), false);
  });

  it('rejects data the schema does not allow before writing it', async () => {
    const store = new AnnotationStore(nodeFs);
    await assert.rejects(
      store.add('r.txt', tag(...P12, { status: 'done' as never })),
      (e: unknown) => e instanceof AnnotationStoreError && /annotations\[0\]\.status: must be one of "open", "in-progress", "resolved"/.test(e.message),
    );
    await assert.rejects(fs.stat(storePath('r.txt')), /ENOENT/);
  });

  describe('a corrupt store file', () => {
    async function corrupt(text: string): Promise<AnnotationStore> {
      await fs.mkdir(path.dirname(storePath('r.txt')), { recursive: true });
      await fs.writeFile(storePath('r.txt'), text);
      return new AnnotationStore(nodeFs);
    }

    async function assertRefusesWrites(store: AnnotationStore, original: string): Promise<void> {
      await assert.rejects(store.add('r.txt', tag(...P12)), StoreFileError);
      await assert.rejects(store.remove('r.txt', 'x'), StoreFileError);
      await assert.rejects(store.setImprovementStatus('r.txt', { improvement: 'ia1', quote: 'q', status: 'open', author: 'x' }), StoreFileError);
      assert.equal(await fs.readFile(storePath('r.txt'), 'utf8'), original, 'the file was changed');
      assert.deepEqual(await listFiles(root), ['.ilacs/annotations/r.txt.json']);
    }

    it('reports invalid JSON with its position, leaves the file alone and refuses writes', async () => {
      const text = '{\n  "schemaVersion": 1,\n  "report": "r.txt"\n  "annotations": [],\n  "improvements": []\n}\n';
      const store = await corrupt(text);
      const loaded = await store.load('r.txt');
      assert.equal(loaded.ok, false);
      assert.ok(!loaded.ok);
      assert.deepEqual(
        loaded.diagnostics.map((d) => [d.file, d.line, d.column, d.message]),
        [['.ilacs/annotations/r.txt.json', 4, 3, 'not valid JSON: comma expected']],
      );
      await assert.rejects(store.list('r.txt'), (e: unknown) => e instanceof StoreFileError && e.message.includes('.ilacs/annotations/r.txt.json:4:3: not valid JSON: comma expected'));
      await assertRefusesWrites(store, text);
    });

    it('reports schema errors with line and column', async () => {
      const good = JSON.parse(
        serialiseReportAnnotations({
          schemaVersion: 1,
          report: 'r.txt',
          annotations: [
            {
              id: 'a1',
              report: 'r.txt',
              paragraph: 'p12',
              selectors: createSelectors(REPORT_TEXT, ...P12),
              criteria: ['hp.visits'],
              assessment: null,
              status: 'open',
              note: '',
              author: 'x',
              created: '2025-01-31T09:30:00.000Z',
              modified: '2025-01-31T09:30:00.000Z',
            },
          ],
          improvements: [],
        }),
      ) as { annotations: Record<string, unknown>[] };
      good.annotations[0].status = 'finished';
      good.annotations[0].colour = 'red';
      delete good.annotations[0].author;
      const text = JSON.stringify(good, null, 2) + '\n';
      const lines = text.split('\n');
      const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;
      const store = await corrupt(text);
      const loaded = await store.load('r.txt');
      assert.ok(!loaded.ok);
      const got = loaded.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).sort();
      assert.deepEqual(got, [
        `${lineOf('"colour"')}:7 annotations[0]: unknown property "colour"`,
        `${lineOf('"finished"')}:17 annotations[0].status: must be one of "open", "in-progress", "resolved"`,
        `${lineOf('"id": "a1"') - 1}:5 annotations[0]: missing property "author"`,
      ].sort());
      await assertRefusesWrites(store, text);
    });

    it('reports a file written by a newer version instead of rewriting it', async () => {
      const text = '{\n  "schemaVersion": 2,\n  "report": "r.txt",\n  "annotations": [],\n  "improvements": [],\n  "labels": []\n}\n';
      const store = await corrupt(text);
      const loaded = await store.load('r.txt');
      assert.ok(!loaded.ok);
      assert.equal(loaded.diagnostics.length, 1);
      assert.equal(loaded.diagnostics[0].line, 2);
      assert.match(loaded.diagnostics[0].message, /newer version.*schemaVersion 2/);
      await assertRefusesWrites(store, text);
    });

    it('reports duplicate ids and a file stored under another report', async () => {
      const a = {
        id: 'same',
        report: 'other.txt',
        paragraph: 'p12',
        selectors: createSelectors(REPORT_TEXT, ...P12),
        criteria: [],
        assessment: null,
        status: 'open' as const,
        note: '',
        author: 'x',
        created: '2025-01-31T09:30:00.000Z',
        modified: '2025-01-31T09:30:00.000Z',
      };
      const text = serialiseReportAnnotations({ schemaVersion: 1, report: 'other.txt', annotations: [a, { ...a }], improvements: [] });
      const store = await corrupt(text);
      const loaded = await store.load('r.txt');
      assert.ok(!loaded.ok);
      const messages = loaded.diagnostics.map((d) => d.message);
      assert.ok(messages.some((m) => m.includes('stored as the file of "r.txt"')), messages.join('\n'));
      assert.ok(messages.some((m) => m.includes('duplicate id "same"')), messages.join('\n'));
      await assertRefusesWrites(store, text);
    });

    it('reports an empty file and a file that is not UTF-8', async () => {
      for (const content of [Buffer.from(''), Buffer.from([0x7b, 0xff, 0xfe, 0x7d])]) {
        const store = await corrupt(content as unknown as string);
        const loaded = await store.load('r.txt');
        assert.ok(!loaded.ok);
        assert.equal(loaded.diagnostics[0].line, 1);
        await assert.rejects(store.add('r.txt', tag(...P12)), StoreFileError);
        assert.ok((await fs.readFile(storePath('r.txt'))).equals(content));
      }
    });

    it('accepts writes again once the file is fixed', async () => {
      const store = await corrupt('{ not json');
      await assert.rejects(store.add('r.txt', tag(...P12)), StoreFileError);
      await fs.writeFile(storePath('r.txt'), serialiseReportAnnotations({ schemaVersion: 1, report: 'r.txt', annotations: [], improvements: [] }));
      const a = await store.add('r.txt', tag(...P12));
      assert.deepEqual(await store.list('r.txt'), [a]);
    });
  });

  describe('a store changed on disk', () => {
    it('merges our change into annotations another writer added', async () => {
      const ours = new AnnotationStore(nodeFs, { now: fixedClock() });
      const theirs = new AnnotationStore(new NodeStoreFileSystem(root), { now: fixedClock() });
      const first = await ours.add('r.txt', tag(...P12));
      assert.deepEqual(await ours.list('r.txt'), [first]);
      // Another window adds one behind our back.
      const theirTag = await theirs.add('r.txt', tag(...P13, { paragraph: 'p13', author: 'B. Officer' }));
      const loaded = await ours.load('r.txt');
      assert.ok(loaded.ok && loaded.changed, 'the change on disk is noticed');
      // And again, without us re-reading first.
      const theirSecond = await theirs.update('r.txt', first.id, { note: 'their note' });
      const mine = await ours.add('r.txt', tag(...HEADING, { paragraph: 'help-and-protection.1' }));
      const all = await new AnnotationStore(nodeFs).list('r.txt');
      assert.deepEqual(
        all.map((a) => a.id).sort(),
        [first.id, theirTag.id, mine.id].sort(),
      );
      assert.equal(all.find((a) => a.id === first.id)?.note, theirSecond.note, 'their edit is kept');
    });

    it('applies an update to the version on disk, keeping fields others changed', async () => {
      const ours = new AnnotationStore(nodeFs, { now: fixedClock() });
      const theirs = new AnnotationStore(nodeFs, { now: fixedClock() });
      const a = await ours.add('r.txt', tag(...P12));
      await theirs.update('r.txt', a.id, { note: 'from the other window' });
      const updated = await ours.update('r.txt', a.id, { status: 'resolved' });
      assert.equal(updated.note, 'from the other window');
      assert.equal(updated.status, 'resolved');
    });

    it('picks up a file rewritten by git (a hand edit) and reports the change', async () => {
      const store = new AnnotationStore(nodeFs, { now: fixedClock() });
      const a = await store.add('r.txt', tag(...P12));
      const data = JSON.parse(await fs.readFile(storePath('r.txt'), 'utf8')) as ReportAnnotations;
      data.annotations[0].criteria = ['hp.visits', 'lmg.oversight'];
      await fs.writeFile(storePath('r.txt'), serialiseReportAnnotations(data));
      const loaded = await store.load('r.txt');
      assert.ok(loaded.ok && loaded.changed);
      assert.deepEqual((await store.get('r.txt', a.id))?.criteria, ['hp.visits', 'lmg.oversight']);
      const again = await store.load('r.txt');
      assert.ok(again.ok && !again.changed);
    });

    it('keeps every change made at once from one window', async () => {
      const store = new AnnotationStore(nodeFs);
      const added = await Promise.all(Array.from({ length: 20 }, (_, i) => store.add('r.txt', tag(...P12, { note: `n${i}` }))));
      const listed = await new AnnotationStore(nodeFs).list('r.txt');
      assert.equal(listed.length, 20);
      assert.deepEqual(new Set(listed.map((a) => a.id)), new Set(added.map((a) => a.id)));
    });

    it('keeps alternating changes from two windows', async () => {
      const one = new AnnotationStore(nodeFs);
      const two = new AnnotationStore(new NodeStoreFileSystem(root));
      // Interleaved, not simultaneous: each window finishes a write before the other starts one.
      for (let i = 0; i < 10; i++) {
        await one.add('r.txt', tag(...P12, { note: `one ${i}` }));
        await two.add('r.txt', tag(...P13, { note: `two ${i}` }));
      }
      assert.equal((await one.list('r.txt')).length, 20);
    });
  });

  it('writes atomically through a temporary file in the same folder, leaving none behind', async () => {
    const renames: [string, string][] = [];
    const spying = new (class extends NodeStoreFileSystem {
      override async rename(from: string, to: string): Promise<void> {
        renames.push([from, to]);
        await super.rename(from, to);
      }
    })(root);
    const store = new AnnotationStore(spying);
    for (let i = 0; i < 5; i++) await store.add('reports/r.txt', tag(...P12));
    assert.equal(renames.length, 5);
    for (const [from, to] of renames) {
      assert.equal(to, '.ilacs/annotations/reports/r.txt.json');
      assert.equal(path.posix.dirname(from), path.posix.dirname(to));
      assert.match(path.posix.basename(from), /^\.r\.txt\.json\.[0-9a-f]{12}\.ilacs-tmp$/);
    }
    assert.deepEqual(await listFiles(root), ['.ilacs/annotations/reports/r.txt.json']);
  });

  it('leaves the old file and no temporary file when a write fails', async () => {
    const store = new AnnotationStore(nodeFs);
    await store.add('r.txt', tag(...P12));
    const before = await fs.readFile(storePath('r.txt'), 'utf8');
    const failing = new (class extends NodeStoreFileSystem {
      override async rename(): Promise<void> {
        throw new Error('disk full');
      }
    })(root);
    await assert.rejects(new AnnotationStore(failing).add('r.txt', tag(...P13)), /disk full/);
    assert.equal(await fs.readFile(storePath('r.txt'), 'utf8'), before);
    assert.deepEqual(await listFiles(root), ['.ilacs/annotations/r.txt.json']);
  });

  it('parses what it serialises, for a file with a byte-order mark too', () => {
    const text = serialiseReportAnnotations({ schemaVersion: 1, report: 'r.txt', annotations: [], improvements: [] });
    const parsed = parseReportAnnotations('f.json', '\ufeff' + text, 'r.txt');
    assert.ok(parsed.ok);
  });
});

describe('annotation store: updating several tags at once', () => {
  let root: string;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'ilacs-store-many-'));
  });

  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('applies every patch in one write, skips tags that are gone, and can keep the modified time', async () => {
    const store = new AnnotationStore(new NodeStoreFileSystem(root), { now: fixedClock(), newId: sequentialIds() });
    const a = await store.add('r.txt', tag(...P12));
    const b = await store.add('r.txt', tag(...P13, { paragraph: 'p13' }));
    const moved = createSelectors('\n' + REPORT_TEXT, P12[0] + 1, P12[1] + 1);
    const changed = await store.updateMany(
      'r.txt',
      [
        { id: a.id, patch: { selectors: moved } },
        { id: 'no-such-tag', patch: { note: 'lost' } },
        { id: b.id, patch: { paragraph: 'p14' } },
      ],
      { touch: false },
    );
    assert.deepEqual(changed.map((x) => x.id), [a.id, b.id]);
    const after = await store.list('r.txt');
    const a2 = after.find((x) => x.id === a.id)!;
    const b2 = after.find((x) => x.id === b.id)!;
    assert.deepEqual(a2.selectors, moved);
    assert.equal(a2.modified, a.modified, 'moving an anchor is not a change to the tag');
    assert.equal(b2.paragraph, 'p14');
    assert.equal(after.length, 2);
  });

  it('touches the modified time by default', async () => {
    const store = new AnnotationStore(new NodeStoreFileSystem(root), { now: fixedClock(), newId: sequentialIds() });
    const a = await store.add('r.txt', tag(...P12));
    const [changed] = await store.updateMany('r.txt', [{ id: a.id, patch: { note: 'checked' } }]);
    assert.notEqual(changed.modified, a.modified);
    assert.equal(changed.note, 'checked');
  });
});

describe('annotation store: moving a report', () => {
  let root: string;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'ilacs-store-move-'));
  });

  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('moves every tag and status with its id and times, keeps the target own tags, and empties the source', async () => {
    const store = new AnnotationStore(new NodeStoreFileSystem(root), { now: fixedClock(), newId: sequentialIds() });
    const a = await store.add('untitled/Untitled-1', tag(...P12));
    await store.setImprovementStatus('untitled/Untitled-1', { improvement: 'ia1', quote: 'Plans.', status: 'resolved', author: 'A. Officer' });
    const own = await store.add('reports/saved.txt', tag(...P13, { paragraph: 'p13' }));

    assert.equal(await store.moveReport('untitled/Untitled-1', 'reports/saved.txt'), 1);
    const target = await store.list('reports/saved.txt');
    assert.deepEqual(target.map((x) => x.id).sort(), [a.id, own.id].sort());
    const moved = target.find((x) => x.id === a.id)!;
    assert.equal(moved.report, 'reports/saved.txt');
    assert.equal(moved.created, a.created);
    assert.deepEqual(moved.selectors, a.selectors);
    assert.equal((await store.improvementStatuses('reports/saved.txt'))[0].status, 'resolved');
    assert.deepEqual(await store.list('untitled/Untitled-1'), []);
    assert.deepEqual(await store.improvementStatuses('untitled/Untitled-1'), []);
    assert.equal(await store.moveReport('untitled/Untitled-1', 'reports/saved.txt'), 0, 'nothing is left to move');
  });
});
