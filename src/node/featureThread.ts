/**
 * A `FeatureReader` (`core/recurrence/featureReading.ts`) on a worker thread, for the CLI, the
 * desktop extension's sessions and the benchmark: filling the recurrence index with many reports,
 * the paragraphs' features are read on a second core while this thread reads and parses the next
 * reports.
 */
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FeatureReader, ReadFeatures } from '../core/recurrence/featureReading';

/**
 * The worker's script: beside the bundle (`dist/featureWorker.js`), or this folder's source when
 * this module runs from `src/node/` (the tests and benchmarks, which run the sources with tsx).
 */
export function featureWorkerPath(from = __dirname): string | null {
  return [path.join(from, 'featureWorker.js'), path.join(from, 'featureWorker.ts')].find((f) => existsSync(f)) ?? null;
}

/**
 * A reader on a new worker thread; null when the machine has a single core (a second thread would
 * only take turns with this one) or the worker's script is not there. A worker that fails or stops
 * rejects what it has not answered, with the reason.
 */
export function startFeatureReader(options: { script?: string | null; cores?: number } = {}): FeatureReader | null {
  const cores = options.cores ?? os.availableParallelism();
  const script = options.script !== undefined ? options.script : featureWorkerPath();
  if (cores < 2 || script === null) return null;
  // Run from the TypeScript sources (tests, benchmarks), the worker loads them as this thread does.
  // A small young generation: the worker's garbage (each report's texts, once read) is short-lived,
  // and V8's default room for it costs the process some 30 MB more at its peak, for no speed.
  const resourceLimits = { maxYoungGenerationSizeMb: 4 };
  const worker = script.endsWith('.ts')
    ? new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(script)});`, { eval: true, resourceLimits })
    : new Worker(script, { resourceLimits });
  const waiting: { resolve: (r: ReadFeatures) => void; reject: (err: Error) => void }[] = [];
  let failed: Error | null = null;
  const fail = (err: Error): void => {
    failed ??= err;
    for (const w of waiting.splice(0)) w.reject(failed);
    worker.unref();
  };
  worker.on('message', (read: ReadFeatures) => {
    waiting.shift()?.resolve(read);
    if (waiting.length === 0) worker.unref();
  });
  worker.on('error', (err) => fail(new Error(`the thread reading the paragraphs' features failed: ${err.message}`)));
  worker.on('exit', (code) => fail(new Error(`the thread reading the paragraphs' features stopped (exit code ${code})`)));
  // Only an unanswered read keeps the process alive (after the listeners: adding one refs the worker again).
  worker.unref();
  return {
    read(paragraphs) {
      if (failed) return Promise.reject(failed);
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        worker.ref();
        worker.postMessage(paragraphs);
      });
    },
    dispose() {
      fail(new Error('the thread reading the paragraphs\' features was stopped'));
      void worker.terminate();
    },
  };
}
