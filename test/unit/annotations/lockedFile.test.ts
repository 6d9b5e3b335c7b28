import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  AnnotationStore,
  FileLockError,
  GITIGNORE_TEXT,
  lockFileFor,
  MAX_NOTE_BYTES,
  StoreFileError,
  storeFileFor,
  updateJsonFile,
  type NewAnnotation,
} from '../../../src/core/annotations';
import { NodeStoreFileSystem } from '../../../src/node/storeFileSystem';

function tag(start: number, note = ''): NewAnnotation {
  return {
    paragraph: `p${start}`,
    selectors: { quote: { exact: 'text', prefix: '', suffix: '' }, position: { start, end: start + 4 } },
    criteria: ['hp.drift-delay'],
    assessment: null,
    status: 'open',
    note,
    author: 'A. Officer',
  };
}

/** The id of a process that has just exited, so is certainly not running. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('store writes: lock, leftovers, links', () => {
  let root: string;
  let outside: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'ilacs-lock-'));
    outside = await fs.mkdtemp(path.join(os.tmpdir(), 'ilacs-outside-'));
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
    await fs.rm(outside, { recursive: true, force: true });
  });

  const abs = (relative: string) => path.join(root, ...relative.split('/'));
  let storeFile: string;
  beforeEach(() => {
    storeFile = abs(storeFileFor('r.txt'));
  });
  const lockFile = () => abs(lockFileFor(storeFileFor('r.txt')));
  const store = (options: ConstructorParameters<typeof AnnotationStore>[1] = {}) => new AnnotationStore(new NodeStoreFileSystem(root), options);

  it('loses none of 30 tags saved at once by 30 separate stores of one file', async () => {
    // Separate stores have separate queues: only the file lock keeps them from overwriting each other.
    const added = await Promise.all(Array.from({ length: 30 }, (_, i) => store().add('r.txt', tag(i * 10))));
    const listed = new Set((await store().list('r.txt')).map((a) => a.id));
    assert.equal(listed.size, 30);
    for (const a of added) assert.ok(listed.has(a.id), `tag ${a.id} was lost`);
    assert.ok(!(await fs.readdir(path.dirname(storeFile))).some((n) => n.endsWith('.ilacs-lock')), 'the lock was left behind');
  });

  it('waits for a lock held by a running writer, then fails naming the file and saves nothing', async () => {
    await store().add('r.txt', tag(0));
    const before = await fs.readFile(storeFile, 'utf8');
    // This very process on this host, just now: alive and fresh, so never stale.
    await fs.writeFile(lockFile(), JSON.stringify({ pid: process.pid, host: os.hostname(), created: new Date().toISOString(), nonce: 'someone-else' }));
    const t0 = Date.now();
    await assert.rejects(store({ lock: { waitMs: 300 } }).add('r.txt', tag(10)), (err: unknown) => {
      assert.ok(err instanceof FileLockError);
      assert.match(err.message, /\.ilacs\/annotations\/r\.txt\.json was not changed/);
      assert.match(err.message, new RegExp(`process ${process.pid}`));
      assert.match(err.message, /Nothing was saved/);
      return true;
    });
    assert.ok(Date.now() - t0 >= 280, 'it did not wait');
    assert.equal(await fs.readFile(storeFile, 'utf8'), before);
    assert.ok(await fs.stat(lockFile()), "the other writer's lock was removed");
  });

  it('breaks the lock of a writer that is no longer running, at once', async () => {
    await fs.mkdir(path.dirname(storeFile), { recursive: true });
    await fs.writeFile(lockFile(), JSON.stringify({ pid: deadPid(), host: os.hostname(), created: new Date().toISOString(), nonce: 'dead' }));
    const t0 = Date.now();
    await store({ lock: { waitMs: 5000 } }).add('r.txt', tag(0));
    assert.ok(Date.now() - t0 < 2000);
    assert.equal((await store().list('r.txt')).length, 1);
    await assert.rejects(fs.stat(lockFile()), /ENOENT/);
  });

  it('breaks a lock from another host only once it is older than the stale bound', async () => {
    await fs.mkdir(path.dirname(storeFile), { recursive: true });
    const other = { pid: 1, host: 'another-host.invalid', nonce: 'far' };
    await fs.writeFile(lockFile(), JSON.stringify({ ...other, created: new Date().toISOString() }));
    await assert.rejects(store({ lock: { waitMs: 200, staleMs: 60_000 } }).add('r.txt', tag(0)), FileLockError);
    const old = new Date(Date.now() - 120_000);
    await fs.writeFile(lockFile(), JSON.stringify({ ...other, created: old.toISOString() }));
    await fs.utimes(lockFile(), old, old);
    await store({ lock: { waitMs: 200, staleMs: 60_000 } }).add('r.txt', tag(0));
    assert.equal((await store().list('r.txt')).length, 1);
  });

  it('removes temporary files killed writers left beside the file it writes, and only those', async () => {
    await store().add('r.txt', tag(0));
    const dir = path.dirname(storeFile);
    const leftovers = ['.r.txt.json.0123456789ab.ilacs-tmp', 'r.txt.json.89abcdef.tmp'];
    const others = ['.s.txt.json.0123456789ab.ilacs-tmp', '.r.txt.json.notes.txt'];
    for (const n of [...leftovers, ...others]) await fs.writeFile(path.join(dir, n), '{ "half a file');
    // A leftover is never read as a store file.
    assert.deepEqual(await store().reports(), ['r.txt']);
    await store().add('r.txt', tag(10));
    const names = await fs.readdir(dir);
    for (const n of leftovers) assert.ok(!names.includes(n), `${n} was not removed`);
    for (const n of others) assert.ok(names.includes(n), `${n} was removed`);
  });

  it("writes .ilacs/.gitignore naming the writers' files, and leaves one that is there alone", async () => {
    await store().add('r.txt', tag(0));
    assert.equal(await fs.readFile(abs('.ilacs/.gitignore'), 'utf8'), GITIGNORE_TEXT);
    assert.match(GITIGNORE_TEXT, /^\*\.ilacs-tmp$/m);
    assert.match(GITIGNORE_TEXT, /^\*\.ilacs-lock$/m);
    const mine = '# my own rules\n*.bak\n';
    await fs.writeFile(abs('.ilacs/.gitignore'), mine);
    await store().add('r.txt', tag(10));
    assert.equal(await fs.readFile(abs('.ilacs/.gitignore'), 'utf8'), mine);
  });

  it('keeps lock and temporary files out of git, and store files in', async function () {
    const git = (...args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8' });
    if (git('--version').status !== 0) this.skip();
    assert.equal(git('init', '-q').status, 0);
    await store().add('r.txt', tag(0));
    const dir = path.dirname(storeFile);
    await fs.writeFile(path.join(dir, '.r.txt.json.0123456789ab.ilacs-tmp'), '{');
    await fs.writeFile(path.join(dir, '.r.txt.json.ilacs-lock'), '{}');
    const status = git('status', '--porcelain', '--untracked-files=all', '.ilacs');
    assert.equal(status.status, 0, status.stderr);
    assert.deepEqual(status.stdout.trim().split('\n').map((l) => l.slice(3)).sort(), ['.ilacs/.gitignore', '.ilacs/annotations/r.txt.json']);
  });

  it('reports a store file that is a symbolic link out of the workspace, never following or replacing it', async () => {
    const target = path.join(outside, 'theirs.json');
    const content = '{"not": "a store"}\n';
    await fs.writeFile(target, content);
    await fs.mkdir(path.dirname(storeFile), { recursive: true });
    await fs.symlink(target, storeFile);
    const loaded = await store().load('r.txt');
    assert.ok(!loaded.ok);
    assert.match(loaded.diagnostics[0].message, /symbolic link/);
    await assert.rejects(store().add('r.txt', tag(0)), (err: unknown) => err instanceof StoreFileError && /r\.txt\.json.*symbolic link/s.test(err.message));
    assert.equal(await fs.readFile(target, 'utf8'), content);
    assert.ok((await fs.lstat(storeFile)).isSymbolicLink(), 'the link was replaced');
  });

  it('reports a store path that is a folder', async () => {
    await fs.mkdir(storeFile, { recursive: true });
    const loaded = await store().load('r.txt');
    assert.ok(!loaded.ok);
    assert.match(loaded.diagnostics[0].message, /is a folder/);
    await assert.rejects(store().add('r.txt', tag(0)), StoreFileError);
  });

  it('does not write through a symbolic link to a folder inside .ilacs/', async () => {
    await fs.mkdir(abs('.ilacs'), { recursive: true });
    await fs.symlink(outside, abs('.ilacs/annotations'));
    await assert.rejects(store().add('reports/r.txt', tag(0)), (err: unknown) => err instanceof StoreFileError && /\.ilacs\/annotations is a symbolic link/.test(err.message));
    assert.deepEqual(await fs.readdir(outside), []);
  });

  it('refuses a note over 100 KB, naming the file and the tag, and keeps one at the limit', async () => {
    const s = store();
    await s.add('r.txt', tag(0, 'x'.repeat(MAX_NOTE_BYTES)));
    await assert.rejects(s.add('r.txt', tag(10, 'é'.repeat(MAX_NOTE_BYTES / 2 + 1))), /\.ilacs\/annotations\/r\.txt\.json: the change was not saved: tag [0-9a-f-]+: its note is 101 KB; notes are limited to 100 KB/);
    assert.equal((await s.list('r.txt')).length, 1);
  });

  it('updateJsonFile: concurrent updates of one file all count, and a file it cannot read is not written', async () => {
    const fsys = new NodeStoreFileSystem(root);
    const codec = {
      empty: () => ({ count: 0 }),
      parse: (text: string, file: string) => {
        const value = JSON.parse(text) as { count?: unknown };
        if (typeof value.count !== 'number') throw new Error(`${file}: no count`);
        return value as { count: number };
      },
      serialise: (v: { count: number }) => JSON.stringify(v) + '\n',
    };
    await Promise.all(
      Array.from({ length: 25 }, () =>
        updateJsonFile(fsys, '.ilacs/counter.json', codec, async (v) => {
          const seen = v.count;
          await new Promise((r) => setTimeout(r, 1));
          v.count = seen + 1;
        }),
      ),
    );
    assert.equal(JSON.parse(await fs.readFile(abs('.ilacs/counter.json'), 'utf8')).count, 25);
    await fs.writeFile(abs('.ilacs/counter.json'), '{"other": true}');
    await assert.rejects(updateJsonFile(fsys, '.ilacs/counter.json', codec, (v) => void (v.count = 1)), /\.ilacs\/counter\.json: no count/);
    assert.equal(await fs.readFile(abs('.ilacs/counter.json'), 'utf8'), '{"other": true}');
  });
});
