/**
 * Where a report's store file lives, derived so that no two reports ever share one, on any file
 * system the store may be checked out on (Linux, macOS, Windows; case-sensitive or not;
 * normalising Unicode or not).
 *
 * A path segment (folder or file name) made only of lowercase ASCII letters, digits and a few
 * punctuation marks, that is not a name Windows reserves (`con`, `nul.txt`, `com1`...) and does not
 * end in a dot or a space, is kept as it is: `reports/bury-2021.txt` is stored at
 * `.ilacs/annotations/reports/bury-2021.txt.json`, as it always was. Any other segment (capitals,
 * a backslash, accents, a reserved name, a very long name) is stored as a readable ASCII form of it
 * followed by `~` and 16 hex digits of the SHA-256 of the exact segment:
 * `Bury Report.txt` -> `Bury Report.txt~<hash>`. Two segments that differ in any way (case, Unicode
 * normalisation, `\` against `/`) get different hashes, and the readable part never holds a `~`,
 * so a kept segment and a hashed one never meet either. A store path that would still be too long
 * becomes `.ilacs/annotations/~<hash of the report path>.json`.
 *
 * A hashed name cannot be turned back into its report by reading the name, so such store files
 * are read: the `report` each store file records says whose it is.
 *
 * Store files written before this scheme used the report path itself (`Bury Report.txt.json`).
 * They are still read (`legacyStoreFileFor`) and are moved to the new name by the next change.
 */
import { sha256Hex } from '../hash';

/** Folder of the store, relative to the workspace folder. */
export const STORE_FOLDER = '.ilacs/annotations';
export const STORE_FILE_SUFFIX = '.json';

/**
 * Longest stored segment, in bytes. File systems allow 255; the rest is room for the temporary
 * name a writer puts beside the file.
 */
export const MAX_STORE_SEGMENT_BYTES = 200;

/** Longest store path (relative to the workspace folder), in bytes, before the whole path is hashed. */
export const MAX_STORE_PATH_BYTES = 1000;

const HASH_MARK = '~';
const SEGMENT_HASH_HEX = 16;
const PATH_HASH_HEX = 32;

/** Characters kept as they are in a store segment: none has a case, none is special on any file system. */
const PLAIN_CHAR = /[a-z0-9 ._\-()+,=@&!'[\]{};$#]/;
/** Characters the readable part of a hashed segment may hold: the plain ones and capitals. */
const READABLE_CHAR = /[A-Za-z0-9 ._\-()+,=@&!'[\]{};$#]/;
/** Device names Windows reserves, with or without an extension (`nul.txt` is the device too). */
const WINDOWS_RESERVED = /^(?:con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3]|conin\$|conout\$|clock\$)(?:\.|$)/i;

/** A readable part that begins with a device name followed by anything but a letter or digit. */
const WINDOWS_RESERVED_START = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9]|conin\$|conout\$|clock\$)(?![A-Za-z0-9])/i;

function hashHex(text: string, digits: number): string {
  return sha256Hex(text).slice(0, digits);
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** Whether a segment is stored under its own name (`suffix`: what follows it in the stored name). */
export function isPlainSegment(segment: string, suffix = ''): boolean {
  if (segment === '' || segment === '.' || segment === '..') return false;
  for (const ch of segment) if (!PLAIN_CHAR.test(ch)) return false;
  if (WINDOWS_RESERVED.test(segment)) return false;
  if (/[. ]$/.test(segment)) return false;
  return segment.length + suffix.length <= MAX_STORE_SEGMENT_BYTES;
}

/** Hashed names already worked out: folder names repeat across a workspace's reports. */
const hashedNames = new Map<string, string>();
const HASHED_NAMES_KEPT = 4096;

/** The stored name of one segment of a report path (`suffix`: `.json` for the file name). */
export function storeSegment(segment: string, suffix = ''): string {
  if (isPlainSegment(segment, suffix)) return segment + suffix;
  const key = `${suffix}\u0000${segment}`;
  let name = hashedNames.get(key);
  if (name === undefined) {
    if (hashedNames.size >= HASHED_NAMES_KEPT) hashedNames.clear();
    name = hashedSegment(segment, suffix);
    hashedNames.set(key, name);
  }
  return name;
}

function hashedSegment(segment: string, suffix: string): string {
  let readable = '';
  for (const ch of segment) readable += READABLE_CHAR.test(ch) ? ch : '_';
  // Windows may take `con~1f2e.json` for the device too: keep the readable part off device names.
  if (WINDOWS_RESERVED_START.test(readable)) readable = `_${readable}`;
  const room = MAX_STORE_SEGMENT_BYTES - HASH_MARK.length - SEGMENT_HASH_HEX - suffix.length;
  return `${readable.slice(0, room)}${HASH_MARK}${hashHex(segment, SEGMENT_HASH_HEX)}${suffix}`;
}

/**
 * The store file of a normalised report path (see `normaliseReportPath`), relative to the
 * workspace folder.
 */
export function storePathFor(report: string): string {
  const parts = report.split('/');
  const stored = parts.map((p, i) => storeSegment(p, i === parts.length - 1 ? STORE_FILE_SUFFIX : ''));
  const file = `${STORE_FOLDER}/${stored.join('/')}`;
  if (byteLength(file) <= MAX_STORE_PATH_BYTES) return file;
  return `${STORE_FOLDER}/${HASH_MARK}${hashHex(report, PATH_HASH_HEX)}${STORE_FILE_SUFFIX}`;
}

/**
 * Where a report's store file was kept before names were made portable (the report path itself
 * plus `.json`), or null when that is where it is kept now, or when the old name could belong
 * to another report (a backslash was once read as a folder separator).
 */
export function legacyStorePathFor(report: string): string | null {
  if (report.includes('\\')) return null;
  const legacy = `${STORE_FOLDER}/${report}${STORE_FILE_SUFFIX}`;
  // A name no file system takes cannot have been written.
  if (legacy.split('/').some((s) => byteLength(s) > 255)) return null;
  return legacy === storePathFor(report) ? null : legacy;
}

/**
 * What a store file's path says about its report: the report path, when the name is the report's
 * own (a plain name, or one written before hashed names); `recorded` when the name holds a hash,
 * so only the file's `report` can say; null when it is not a store file at all.
 */
export function reportOfStorePath(file: string): { report: string } | 'recorded' | null {
  const prefix = `${STORE_FOLDER}/`;
  if (!file.startsWith(prefix) || !file.endsWith(STORE_FILE_SUFFIX)) return null;
  const inner = file.slice(prefix.length, file.length - STORE_FILE_SUFFIX.length);
  if (inner === '') return null;
  if (inner.includes(HASH_MARK)) return 'recorded';
  return { report: inner };
}

/** Whether `file` is where `report`'s store is kept, now or by the old rule. */
export function isStorePathOf(file: string, report: string): boolean {
  return file === storePathFor(report) || file === legacyStorePathFor(report);
}
