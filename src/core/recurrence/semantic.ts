/**
 * The semantic layer of the recurrence index: a latent semantic space learned offline from report
 * text (`npm run train:recurrence`, scripts/train-recurrence.ts), in which "caseloads are too high"
 * and "workloads are not manageable" lie close although they share few words.
 *
 * The model is one vector per stem (truncated SVD of the sentence-by-stem TF-IDF matrix of the
 * training reports) and each stem's IDF there. A paragraph is placed in the space twice:
 * - its content vector: the sum of its stems' vectors, each weighted by `(1 + ln count) * idf`;
 * - its polarity vector: the same sum with each stem signed by the polarity of the sentences holding
 *   it (praise +1, concern -1, neutral 0), so that a paragraph praising caseloads and one finding them
 *   too high point in opposite directions on that topic.
 * The index re-ranks its sparse candidates by both cosines (`paragraphIndex.ts`).
 *
 * The asset is a small binary file: the 8 bytes `ILACSSM1`; the byte length of a JSON header
 * (32-bit little-endian); the header (`ModelHeader`); padding to a multiple of 4; each stem's IDF
 * (32-bit float); each stem's vector scale (32-bit float); then the vectors, `dims` signed bytes per
 * stem (the value times the scale).
 */

const MAGIC = 'ILACSSM1';
/** The asset's file name, in the product's `media/` folder. */
export const MODEL_FILE = 'recurrence-model.bin';
/** The asset format this code reads. */
export const MODEL_FORMAT = 1;

export interface ModelHeader {
  format: number;
  /** The model's own version, raised by the training script whenever its method changes. */
  version: number;
  dims: number;
  stems: string[];
  /** What it was trained on: the SHA-256 of the training reports (names and text, in order), how many, and their sentences. */
  corpus: { sha256: string; reports: number; sentences: number; authorities: string[] };
  /** Free text: how it was trained. */
  method: string;
}

export class SemanticModel {
  readonly header: ModelHeader;
  readonly dims: number;
  readonly idf: Float32Array;
  /** Row-major, `dims` per stem, already scaled. */
  readonly vectors: Float32Array;
  private readonly rows = new Map<string, number>();

  constructor(header: ModelHeader, idf: Float32Array, vectors: Float32Array) {
    if (idf.length !== header.stems.length || vectors.length !== header.stems.length * header.dims) throw new Error('the model\'s arrays do not match its stems and dimensions');
    this.header = header;
    this.dims = header.dims;
    this.idf = idf;
    this.vectors = vectors;
    header.stems.forEach((s, i) => this.rows.set(s, i));
  }

  /** The row of a stem, or -1 for a stem the model does not know. */
  rowOf(stem: string): number {
    return this.rows.get(stem) ?? -1;
  }

  get size(): number {
    return this.header.stems.length;
  }
}

/** The model as asset bytes (vectors quantised to 8 bits per value, one scale per stem). */
export function writeSemanticModel(model: SemanticModel): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(model.header));
  const v = model.size;
  const d = model.dims;
  const headerEnd = 12 + json.length;
  const pad = (4 - (headerEnd % 4)) % 4;
  const total = headerEnd + pad + 8 * v + v * d;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(8, json.length, true);
  out.set(json, 12);
  let at = headerEnd + pad;
  for (let i = 0; i < v; i++, at += 4) view.setFloat32(at, model.idf[i], true);
  const scales = new Float32Array(v);
  for (let i = 0; i < v; i++) {
    let max = 0;
    for (let k = 0; k < d; k++) max = Math.max(max, Math.abs(model.vectors[i * d + k]));
    scales[i] = max / 127;
    view.setFloat32(at, scales[i], true);
    at += 4;
  }
  for (let i = 0; i < v; i++) {
    for (let k = 0; k < d; k++) {
      const q = scales[i] === 0 ? 0 : Math.round(model.vectors[i * d + k] / scales[i]);
      view.setInt8(at++, Math.max(-127, Math.min(127, q)));
    }
  }
  return out;
}

/** Reads asset bytes; throws an error saying what is wrong (`name` is the file, for the message). */
export function readSemanticModel(bytes: Uint8Array, name: string): SemanticModel {
  const fail = (what: string): never => {
    throw new Error(`${name}: ${what}`);
  };
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) fail('not a recurrence model (wrong magic bytes)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(8, true);
  if (12 + length > bytes.length) fail('the header runs past the end of the file');
  let header: ModelHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length))) as ModelHeader;
  } catch {
    return fail('the header is not JSON');
  }
  if (header.format !== MODEL_FORMAT) fail(`format ${String(header.format)}, but this version reads format ${MODEL_FORMAT}`);
  if (!Array.isArray(header.stems) || !Number.isInteger(header.dims) || header.dims <= 0) fail('the header gives no stems or dimensions');
  const v = header.stems.length;
  const d = header.dims;
  const start = 12 + length + ((4 - ((12 + length) % 4)) % 4);
  if (start + 8 * v + v * d !== bytes.length) fail(`${bytes.length} bytes, but ${v} stems of ${d} dimensions need ${start + 8 * v + v * d}`);
  const idf = new Float32Array(v);
  const scales = new Float32Array(v);
  for (let i = 0; i < v; i++) {
    idf[i] = view.getFloat32(start + 4 * i, true);
    scales[i] = view.getFloat32(start + 4 * (v + i), true);
  }
  const vectors = new Float32Array(v * d);
  const base = start + 8 * v;
  for (let i = 0; i < v; i++) for (let k = 0; k < d; k++) vectors[i * d + k] = view.getInt8(base + i * d + k) * scales[i];
  return new SemanticModel(header, idf, vectors);
}

/** Cosine of two vectors of the same length (0 when either is all zeros). */
export function cosine(a: Float32Array, ao: number, b: Float32Array, bo: number, d: number): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let k = 0; k < d; k++) {
    const x = a[ao + k];
    const y = b[bo + k];
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
