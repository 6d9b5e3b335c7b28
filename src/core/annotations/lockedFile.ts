/**
 * Changing a file that other processes change too, without losing anyone's change: the one way
 * every file the product keeps under `.ilacs/` is written (the annotation store's files, and any
 * other store: use `updateJsonFile` for a new one).
 *
 * `updateFileLocked(fs, path, change)`:
 * 1. refuses a path that leaves `.ilacs/` through a symbolic link, or whose target is a link, a
 *    folder or a special file (`UnsafeStoreFileError`, naming the file): links are never followed
 *    for writing;
 * 2. takes the file's exclusive lock: a lock file beside it (`.<name>.ilacs-lock`) created in one
 *    step (`createExclusive`, O_EXCL), holding the writer's process id, host, time and a nonce;
 *    while another writer holds it, waits (bounded: `LockOptions.waitMs`, then `FileLockError`
 *    naming the file and the holder, and nothing is written). A lock is stale, and is broken, when
 *    its process is gone on this host, or it is older than `staleMs` and its process cannot be
 *    asked about (another host), or older than ten minutes whatever its process (an id reused
 *    after a crash); breaking goes through a second lock file (`.<name>.ilacs-lock-break`), and the lock is
 *    deleted only if it is still the very one judged stale, so two waiters cannot both break it;
 * 3. removes temporary files left beside this file by writers that were killed (only this file's:
 *    nobody else can be writing one while we hold the lock);
 * 4. reads the file as it is now and hands it to `change`, which returns the new content (or none:
 *    nothing is written) and a result; the change is thus applied to what is on disk, so another
 *    writer's change made a moment ago is kept (re-read and merge);
 * 5. writes the new content to a temporary file (`.<name>.<hex>.ilacs-tmp`: a dot file with a
 *    suffix of its own, never read as a store) and renames it over the file, so a crash leaves the
 *    old file or the new, never half of one;
 * 6. releases the lock (only if it is still ours).
 * The first write under `.ilacs/` also writes `.ilacs/.gitignore` (never replacing one that is
 * there) so that lock and temporary files stay out of git.
 *
 * On a local disk the lock is exact. Through VS Code's file system on a remote or virtual folder,
 * `createExclusive` is as exclusive as that file system's "rename without overwrite", and a dead
 * writer's lock is only broken by age (see `extension/annotationService.ts`).
 *
 * Locks are not re-entrant: a `change` must not update the same file again.
 */
import type { FileStat, StoreFileSystem } from './fileSystem';

export const ILACS_FOLDER = '.ilacs';
export const TEMP_FILE_SUFFIX = '.ilacs-tmp';
export const LOCK_FILE_SUFFIX = '.ilacs-lock';
export const LOCK_BREAK_SUFFIX = '.ilacs-lock-break';
export const GITIGNORE_FILE = `${ILACS_FOLDER}/.gitignore`;
/** What the product writes into `.ilacs/.gitignore` when there is none. */
export const GITIGNORE_TEXT = [
  '# Written by ILACS Annotator: a writer\'s lock and temporary files, there only while it writes',
  `*${TEMP_FILE_SUFFIX}`,
  `*${LOCK_FILE_SUFFIX}`,
  `*${LOCK_BREAK_SUFFIX}`,
  '',
].join('\n');

export interface LockOptions {
  /** How long to wait for another writer's lock before giving up (ms). */
  waitMs?: number;
  /** A lock older than this is taken to belong to a writer that died (ms). */
  staleMs?: number;
}

export const DEFAULT_LOCK_WAIT_MS = 60_000;
export const DEFAULT_LOCK_STALE_MS = 60_000;
/**
 * A lock whose process still runs on this host is stale only after this long: its id may have been
 * given to another program after the writer died (a writer holds a lock for well under a second).
 */
const LIVE_PROCESS_STALE_MS = 10 * 60_000;
/** A break lock older than this was left by a waiter that died while breaking a lock. */
const BREAK_STALE_MS = 5_000;

/** The file's lock could not be had in time; nothing was written. */
export class FileLockError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'FileLockError';
  }
}

/** A store file (or a folder on its way) that is a link, a folder or a special file: never followed or written. */
export class UnsafeStoreFileError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'UnsafeStoreFileError';
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function splitPath(path: string): { dir: string; base: string } {
  const i = path.lastIndexOf('/');
  return i < 0 ? { dir: '', base: path } : { dir: path.slice(0, i), base: path.slice(i + 1) };
}

function join(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

function randomHex(length: number): string {
  let out = '';
  while (out.length < length) out += Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');
  return out.slice(0, length);
}

/** The lock file of `path`: `.<name>.ilacs-lock` in the same folder. */
export function lockFileFor(path: string): string {
  const { dir, base } = splitPath(path);
  return join(dir, `.${base}${LOCK_FILE_SUFFIX}`);
}

/** A fresh temporary file name for `path`: `.<name>.<12 hex digits>.ilacs-tmp` in the same folder. */
export function temporaryFileFor(path: string): string {
  const { dir, base } = splitPath(path);
  return join(dir, `.${base}.${randomHex(12)}${TEMP_FILE_SUFFIX}`);
}

/** Whether a file name is one of the product's lock or temporary files (never a store). */
export function isWriterLeftover(name: string): boolean {
  return name.endsWith(TEMP_FILE_SUFFIX) || name.endsWith(LOCK_FILE_SUFFIX) || name.endsWith(LOCK_BREAK_SUFFIX);
}

/** Whether `name` is a temporary file a writer of the file `base` makes (this version's or the earlier `<name>.<8 hex>.tmp`). */
function isTemporaryOf(name: string, base: string): boolean {
  if (name.startsWith(`.${base}.`) && name.endsWith(TEMP_FILE_SUFFIX)) {
    return /^[0-9a-f]+$/.test(name.slice(base.length + 2, name.length - TEMP_FILE_SUFFIX.length));
  }
  return name.startsWith(`${base}.`) && /^[0-9a-f]{8}\.tmp$/.test(name.slice(base.length + 1));
}

function kindInWords(stat: FileStat): string {
  return stat.kind === 'directory' ? 'a folder' : stat.kind === 'symlink' ? 'a symbolic link' : stat.kind === 'other' ? 'a special file (a pipe, device or socket)' : 'a file';
}

/**
 * Checks that writing `path` stays inside the folder it names: no folder from `.ilacs` down is a
 * symbolic link or a file, and the target itself is a regular file or nothing. Returns the
 * target's stat.
 */
export async function checkStorePath(fs: StoreFileSystem, path: string): Promise<FileStat | undefined> {
  const parts = path.split('/');
  const start = parts[0] === ILACS_FOLDER ? 0 : parts.length - 1;
  for (let i = start; i < parts.length - 1; i++) {
    const folder = parts.slice(0, i + 1).join('/');
    const stat = await fs.stat(folder);
    if (stat === undefined) return undefined;
    if (stat.kind === 'symlink') {
      throw new UnsafeStoreFileError(path, `the folder ${folder} is a symbolic link; ILACS Annotator does not follow links inside ${ILACS_FOLDER}/, so this file is neither read nor written (replace the link with a real folder)`);
    }
    if (stat.kind !== 'directory') throw new UnsafeStoreFileError(path, `${folder} is ${kindInWords(stat)}, not a folder`);
  }
  const stat = await fs.stat(path);
  if (stat === undefined || stat.kind === 'file') return stat;
  if (stat.kind === 'symlink') {
    throw new UnsafeStoreFileError(path, 'is a symbolic link; ILACS Annotator does not follow links in its store, so it is neither read nor written (replace the link with the file itself)');
  }
  throw new UnsafeStoreFileError(path, `is ${kindInWords(stat)}, not a store file, so it is neither read nor written`);
}

interface LockInfo {
  pid: number;
  host: string;
  created: string;
  nonce: string;
}

interface LockSeen {
  text: string;
  info: LockInfo | undefined;
  stat: FileStat;
}

async function readLock(fs: StoreFileSystem, lock: string): Promise<LockSeen | undefined> {
  const stat = await fs.stat(lock);
  if (stat === undefined) return undefined;
  if (stat.kind !== 'file') throw new FileLockError(lock, `${lock} is ${kindInWords(stat)}, not a lock file; remove it so that the file beside it can be written`);
  const bytes = await fs.readFile(lock);
  if (bytes === undefined) return undefined;
  const text = decoder.decode(bytes);
  let info: LockInfo | undefined;
  try {
    const value = JSON.parse(text) as Partial<LockInfo> | null;
    if (value && typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.created === 'string' && typeof value.nonce === 'string') {
      info = { pid: value.pid, host: value.host, created: value.created, nonce: value.nonce };
    }
  } catch {
    // Being written this very moment, or damaged: judged by its age alone.
  }
  return { text, info, stat };
}

/** Why a lock no longer protects anyone, or null while its writer may still be at work. */
function staleReason(fs: StoreFileSystem, seen: LockSeen, staleMs: number): string | null {
  const me = fs.lockOwner();
  let bound = staleMs;
  if (seen.info && seen.info.host === me.host) {
    const alive = seen.info.pid === me.pid ? true : fs.processAlive(seen.info.pid);
    if (alive === false) return `its writer (process ${seen.info.pid}) is no longer running`;
    if (alive === true) bound = Math.max(staleMs, LIVE_PROCESS_STALE_MS);
  }
  const created = seen.info ? Date.parse(seen.info.created) : NaN;
  const since = Math.max(seen.stat.mtime, Number.isNaN(created) ? 0 : created);
  return Date.now() - since > bound ? `it is older than ${Math.round(bound / 1000)} s` : null;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Deletes a stale lock, unless someone else got there first (see the module comment). */
async function breakLock(fs: StoreFileSystem, lock: string, judged: LockSeen, body: Uint8Array): Promise<void> {
  const breaker = `${lock.slice(0, -LOCK_FILE_SUFFIX.length)}${LOCK_BREAK_SUFFIX}`;
  if (!(await fs.createExclusive(breaker, body))) {
    const stat = await fs.stat(breaker);
    if (stat && Date.now() - stat.mtime > BREAK_STALE_MS) await fs.delete(breaker);
    else await sleep(2);
    return;
  }
  try {
    const now = await readLock(fs, lock);
    if (now && now.text === judged.text && now.stat.mtime === judged.stat.mtime) await fs.delete(lock);
  } finally {
    await fs.delete(breaker);
  }
}

/**
 * Runs `fn` holding the exclusive lock of `path` (see the module comment). The folder of `path`
 * must exist. Throws `FileLockError` when the lock cannot be had within `waitMs`.
 */
export async function withFileLock<R>(fs: StoreFileSystem, path: string, fn: () => Promise<R>, options: LockOptions = {}): Promise<R> {
  const waitMs = options.waitMs ?? DEFAULT_LOCK_WAIT_MS;
  const staleMs = options.staleMs ?? DEFAULT_LOCK_STALE_MS;
  const lock = lockFileFor(path);
  const owner = fs.lockOwner();
  const nonce = randomHex(16);
  const body = encoder.encode(JSON.stringify({ pid: owner.pid, host: owner.host, created: new Date().toISOString(), nonce }) + '\n');
  const deadline = Date.now() + waitMs;
  let delay = 2;
  for (;;) {
    if (await fs.createExclusive(lock, body)) break;
    const seen = await readLock(fs, lock);
    if (seen === undefined) continue;
    if (staleReason(fs, seen, staleMs) !== null) {
      await breakLock(fs, lock, seen, body);
      continue;
    }
    if (Date.now() >= deadline) {
      const holder = seen.info ? `process ${seen.info.pid} on ${seen.info.host}, since ${seen.info.created}` : 'a writer that has not said who it is';
      throw new FileLockError(
        path,
        `${path} was not changed: another writer (${holder}) held its lock ${lock} for all of ${Math.round(waitMs / 1000)} s. ` +
          `Nothing was saved; try again. If no ILACS Annotator window or ilacs command is still running, delete ${lock}.`,
      );
    }
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 50);
  }
  try {
    return await fn();
  } finally {
    const seen = await readLock(fs, lock).catch(() => undefined);
    if (seen?.info?.nonce === nonce) await fs.delete(lock);
  }
}

/** What a change returns: the new content (`undefined`: leave the file as it is) and a result for the caller. */
export interface LockedChange<R> {
  content: Uint8Array | string | undefined;
  result: R;
}

/**
 * Changes one file under its lock: see the module comment. `change` receives the file's bytes as
 * they are now (`undefined` when there is no file) and may throw to refuse (nothing is written).
 */
export async function updateFileLocked<R>(
  fs: StoreFileSystem,
  path: string,
  change: (current: Uint8Array | undefined) => LockedChange<R> | Promise<LockedChange<R>>,
  options: LockOptions = {},
): Promise<R> {
  const { dir, base } = splitPath(path);
  await checkStorePath(fs, path);
  if (dir !== '') await fs.createDirectory(dir);
  if (path.startsWith(`${ILACS_FOLDER}/`)) await ensureGitignore(fs);
  return withFileLock(
    fs,
    path,
    async () => {
      const before = await checkStorePath(fs, path);
      await removeLeftovers(fs, dir, base);
      const current = before === undefined ? undefined : await fs.readFile(path);
      const { content, result } = await change(current);
      if (content === undefined) return result;
      const bytes = typeof content === 'string' ? encoder.encode(content) : content;
      if (current !== undefined && sameBytes(current, bytes)) return result;
      const temp = temporaryFileFor(path);
      try {
        await fs.writeFile(temp, bytes);
        await fs.rename(temp, path);
      } catch (err) {
        await fs.delete(temp).catch(() => undefined);
        throw err;
      }
      return result;
    },
    options,
  );
}

/** How a JSON store's file is read and written, for `updateJsonFile`. */
export interface JsonFileCodec<T> {
  /** The value of a file that does not exist yet. */
  empty(): T;
  /** Reads the file's text; throws (naming the file) when it cannot be used, and nothing is written. */
  parse(text: string, path: string): T;
  /** The file's text for a value (stable, so that an unchanged value is not written again). */
  serialise(value: T): string;
}

/**
 * "Update this JSON file under a lock": reads the file as it is now (or `codec.empty()`), lets
 * `change` alter the value in place (or return a replacement as `value`), and writes it back
 * atomically when its text changed. For any store the product keeps under `.ilacs/`.
 */
export async function updateJsonFile<T, R>(
  fs: StoreFileSystem,
  path: string,
  codec: JsonFileCodec<T>,
  change: (value: T) => R | Promise<R>,
  options: LockOptions = {},
): Promise<R> {
  return updateFileLocked(
    fs,
    path,
    async (current) => {
      const text = current === undefined ? undefined : new TextDecoder('utf-8', { fatal: true }).decode(current);
      const value = text === undefined ? codec.empty() : codec.parse(text, path);
      const result = await change(value);
      const next = codec.serialise(value);
      return { content: next === text ? undefined : next, result };
    },
    options,
  );
}

/** Writes `.ilacs/.gitignore` when there is none (one there, the user's or ours, is left as it is). */
async function ensureGitignore(fs: StoreFileSystem): Promise<void> {
  const stat = await fs.stat(GITIGNORE_FILE);
  if (stat !== undefined) return;
  await fs.createDirectory(ILACS_FOLDER);
  await fs.createExclusive(GITIGNORE_FILE, encoder.encode(GITIGNORE_TEXT));
}

async function removeLeftovers(fs: StoreFileSystem, dir: string, base: string): Promise<void> {
  const entries = await fs.readDirectory(dir === '' ? '.' : dir);
  if (!entries) return;
  for (const e of entries) {
    if (!e.isDirectory && isTemporaryOf(e.name, base)) await fs.delete(join(dir, e.name));
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
