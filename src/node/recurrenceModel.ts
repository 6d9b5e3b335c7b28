/**
 * The recurrence index's semantic layer (`core/recurrence/semantic.ts`) read from the file shipped
 * with the product, `media/recurrence-model.bin`, for the CLI and the tests. The editor reads the
 * same file through `vscode.workspace.fs` (`extension/recurrences.ts`).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { MODEL_FILE, readSemanticModel, type SemanticModel } from '../core/recurrence/semantic';

/**
 * Where the model is: beside the bundle (`dist/cli.js` reads `dist/../media/`), or in the checkout
 * when this module runs from `src/node/`.
 */
export function recurrenceModelPath(from = __dirname): string {
  const candidates = [path.join(from, '..', 'media', MODEL_FILE), path.join(from, '..', '..', 'media', MODEL_FILE)];
  return candidates.find((c) => existsSync(c)) ?? candidates[0];
}

const loaded = new Map<string, Promise<SemanticModel>>();

/** The model at `file` (read once per process); rejects with an error naming the file and what is wrong. */
export function loadRecurrenceModel(file = recurrenceModelPath()): Promise<SemanticModel> {
  let p = loaded.get(file);
  if (!p) {
    p = readFile(file).then(
      (bytes) => readSemanticModel(bytes, file),
      (err: NodeJS.ErrnoException) => {
        throw new Error(`${file}: the recurrence model cannot be read (${err.code === 'ENOENT' ? 'no such file' : err.message})`);
      },
    );
    loaded.set(file, p);
    p.catch(() => loaded.delete(file));
  }
  return p;
}
