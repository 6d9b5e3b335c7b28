/**
 * Digests used as stamps and name-based ids (not secrets), computed in plain JavaScript by
 * `@noble/hashes` so that the core runs the same in Node and in a browser.
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

function bytesOf(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? utf8ToBytes(data) : data;
}

/** SHA-1 of a text (UTF-8) or bytes, as lowercase hex. */
export function sha1Hex(data: Uint8Array | string): string {
  return bytesToHex(sha1(bytesOf(data)));
}

/** SHA-256 of a text (UTF-8) or bytes, as lowercase hex. */
export function sha256Hex(data: Uint8Array | string): string {
  return bytesToHex(sha256(bytesOf(data)));
}
