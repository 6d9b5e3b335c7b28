/**
 * Truncated SVD of a sparse matrix for the recurrence model's training: the top `k` right singular
 * vectors of X (rows: sentences, columns: stems), found as the top eigenvectors of XᵀX by subspace
 * iteration with a Rayleigh-Ritz step, never forming XᵀX. Plain arithmetic on typed arrays: the
 * matrices here are a few thousand columns wide, and a few seconds of this is all training takes.
 */
import { seeded } from './random';

export { seeded };

/** A sparse matrix in compressed rows: row r holds `cols[ptr[r]..ptr[r+1]]` with `vals`. */
export interface SparseRows {
  rows: number;
  columns: number;
  ptr: Int32Array;
  cols: Int32Array;
  vals: Float64Array;
}

/** Y = XᵀX·Q for Q given as `m` columns of length `columns` (column-major in one array). */
function gramTimes(x: SparseRows, q: Float64Array, m: number): Float64Array {
  const n = x.columns;
  const y = new Float64Array(n * m);
  const t = new Float64Array(m);
  for (let r = 0; r < x.rows; r++) {
    t.fill(0);
    const from = x.ptr[r];
    const to = x.ptr[r + 1];
    for (let i = from; i < to; i++) {
      const c = x.cols[i];
      const v = x.vals[i];
      for (let j = 0; j < m; j++) t[j] += v * q[j * n + c];
    }
    for (let i = from; i < to; i++) {
      const c = x.cols[i];
      const v = x.vals[i];
      for (let j = 0; j < m; j++) y[j * n + c] += v * t[j];
    }
  }
  return y;
}

/** Orthonormalises the `m` columns in place (modified Gram-Schmidt, twice for accuracy). */
function orthonormalise(q: Float64Array, n: number, m: number): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < m; j++) {
      const oj = j * n;
      for (let i = 0; i < j; i++) {
        const oi = i * n;
        let dot = 0;
        for (let r = 0; r < n; r++) dot += q[oi + r] * q[oj + r];
        for (let r = 0; r < n; r++) q[oj + r] -= dot * q[oi + r];
      }
      let norm = 0;
      for (let r = 0; r < n; r++) norm += q[oj + r] * q[oj + r];
      norm = Math.sqrt(norm) || 1;
      for (let r = 0; r < n; r++) q[oj + r] /= norm;
    }
  }
}

/**
 * Eigenvalues and eigenvectors of a small symmetric matrix (row-major `a`, size `m`) by cyclic
 * Jacobi rotations; eigenvectors are the columns of the returned `vectors` (row-major).
 */
export function symmetricEigen(a: Float64Array, m: number): { values: Float64Array; vectors: Float64Array } {
  const s = Float64Array.from(a);
  const v = new Float64Array(m * m);
  for (let i = 0; i < m; i++) v[i * m + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < m; p++) for (let r = p + 1; r < m; r++) off += s[p * m + r] * s[p * m + r];
    if (off < 1e-22) break;
    for (let p = 0; p < m; p++) {
      for (let r = p + 1; r < m; r++) {
        const apr = s[p * m + r];
        if (Math.abs(apr) < 1e-300) continue;
        const theta = (s[r * m + r] - s[p * m + p]) / (2 * apr);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const sn = t * c;
        for (let k = 0; k < m; k++) {
          const skp = s[k * m + p];
          const skr = s[k * m + r];
          s[k * m + p] = c * skp - sn * skr;
          s[k * m + r] = sn * skp + c * skr;
        }
        for (let k = 0; k < m; k++) {
          const spk = s[p * m + k];
          const srk = s[r * m + k];
          s[p * m + k] = c * spk - sn * srk;
          s[r * m + k] = sn * spk + c * srk;
        }
        for (let k = 0; k < m; k++) {
          const vkp = v[k * m + p];
          const vkr = v[k * m + r];
          v[k * m + p] = c * vkp - sn * vkr;
          v[k * m + r] = sn * vkp + c * vkr;
        }
      }
    }
  }
  const values = new Float64Array(m);
  for (let i = 0; i < m; i++) values[i] = s[i * m + i];
  return { values, vectors: v };
}

/**
 * The top `k` eigenpairs of XᵀX (the squared singular values and right singular vectors of X), largest
 * first. `vectors` is column-major: vector j is `vectors[j * columns .. (j + 1) * columns]`.
 */
export function truncatedSvd(x: SparseRows, k: number, options: { oversample?: number; iterations?: number; seed?: number } = {}): { values: Float64Array; vectors: Float64Array } {
  const n = x.columns;
  const m = Math.min(n, k + (options.oversample ?? 20));
  const random = seeded(options.seed ?? 1);
  let q: Float64Array = new Float64Array(n * m);
  for (let i = 0; i < q.length; i++) q[i] = random() - 0.5;
  orthonormalise(q, n, m);
  for (let it = 0; it < (options.iterations ?? 12); it++) {
    q = gramTimes(x, q, m);
    orthonormalise(q, n, m);
  }
  // Rayleigh-Ritz: the eigenvectors of Qᵀ(XᵀX)Q, mapped back through Q.
  const y = gramTimes(x, q, m);
  const b = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = i; j < m; j++) {
      let dot = 0;
      for (let r = 0; r < n; r++) dot += q[i * n + r] * y[j * n + r];
      b[i * m + j] = dot;
      b[j * m + i] = dot;
    }
  }
  const { values, vectors } = symmetricEigen(b, m);
  const order = Array.from({ length: m }, (_, i) => i).sort((i, j) => values[j] - values[i]).slice(0, Math.min(k, m));
  const outValues = new Float64Array(order.length);
  const out = new Float64Array(order.length * n);
  order.forEach((col, j) => {
    outValues[j] = values[col];
    for (let i = 0; i < m; i++) {
      const w = vectors[i * m + col];
      if (w === 0) continue;
      for (let r = 0; r < n; r++) out[j * n + r] += w * q[i * n + r];
    }
  });
  return { values: outValues, vectors: out };
}
