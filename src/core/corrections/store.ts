/**
 * Writing report corrections. Every change re-reads `.ilacs/reports.json` as it is on disk at that
 * moment and changes only the fields of the one report it is about, so corrections made in another
 * window, by the command line or brought in by git are kept, never overwritten. The file is written
 * to a temporary file beside it, then renamed over it. A file that cannot be read is not written to.
 *
 * All writes go through `CorrectionStore.change`, under the same cross-process lock as the
 * annotation store (`updateFileLocked`): the file is re-read inside the lock, so a writer in another
 * process cannot be overwritten.
 */
import type { StoreFileSystem } from '../annotations/fileSystem';
import { updateFileLocked } from '../annotations/lockedFile';
import { normaliseReportPath } from '../annotations/format';
import type { CorrectableField } from '../model';
import {
  CORRECTABLE_FIELDS,
  CORRECTIONS_FILE,
  CorrectionValueError,
  isCorrectableField,
  CorrectionsFileError,
  emptyCorrections,
  parseCorrections,
  serialiseCorrections,
  validateCorrectionValue,
  type CorrectionsFile,
  type CorrectionsParse,
  type CorrectionValues,
  type ReportCorrection,
} from './format';

const decoder = new TextDecoder('utf-8', { fatal: true });

export interface CorrectionChange {
  /** Fields to set, with values as the user typed them. */
  set?: CorrectionValues;
  /** Fields to remove (back to what the parser reads). */
  unset?: readonly CorrectableField[];
  author?: string;
  /** When the change is made; now when not given. */
  now?: Date;
}

export class CorrectionStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly fs: StoreFileSystem) {}

  /** The corrections file as it is on disk now (empty when there is none). */
  async load(): Promise<CorrectionsParse> {
    return this.parseBytes(await this.fs.readFile(CORRECTIONS_FILE));
  }

  /**
   * Sets and removes corrections of one report. Values are checked first (a bad one throws
   * `CorrectionValueError` and nothing is written); returns the report's corrections afterwards
   * (undefined when none is left).
   */
  async change(report: string, change: CorrectionChange): Promise<ReportCorrection | undefined> {
    const file = normaliseReportPath(report);
    const values: Partial<Record<CorrectableField, string>> = {};
    for (const [field, raw] of Object.entries(change.set ?? {})) values[field as CorrectableField] = validateCorrectionValue(field, raw ?? '');
    for (const field of change.unset ?? []) if (!isCorrectableField(field)) throw new CorrectionValueError(field, `not a field that can be corrected (fields: ${CORRECTABLE_FIELDS.join(', ')})`);
    const run = this.queue.then(
      () => this.apply(file, values, change),
      () => this.apply(file, values, change),
    );
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async apply(file: string, values: Partial<Record<CorrectableField, string>>, change: CorrectionChange): Promise<ReportCorrection | undefined> {
    return updateFileLocked(this.fs, CORRECTIONS_FILE, (bytes) => {
      const current = this.parseBytes(bytes);
      if (!current.ok) throw new CorrectionsFileError(CORRECTIONS_FILE, current.diagnostics);
      const data: CorrectionsFile = current.data;
      const before = data.reports[file];
      const next: Partial<ReportCorrection> = { ...before };
      for (const field of change.unset ?? []) delete next[field];
      if (values.date !== undefined) next.date = values.date;
      if (values.kind !== undefined) next.kind = values.kind as ReportCorrection['kind'];
      if (values.authority !== undefined) next.authority = values.authority;
      if (values.framework !== undefined) next.framework = values.framework as ReportCorrection['framework'];
      const hasField = next.date !== undefined || next.kind !== undefined || next.authority !== undefined || next.framework !== undefined;
      const same =
        before !== undefined && hasField && before.date === next.date && before.kind === next.kind && before.authority === next.authority && before.framework === next.framework;
      if (same || (!before && !hasField)) return { content: undefined, result: before };
      if (hasField) {
        if (change.author !== undefined) next.author = change.author;
        next.modified = (change.now ?? new Date()).toISOString();
        data.reports[file] = next as ReportCorrection;
      } else {
        delete data.reports[file];
      }
      return { content: serialiseCorrections(data), result: data.reports[file] };
    });
  }

  private parseBytes(bytes: Uint8Array | undefined): CorrectionsParse {
    if (bytes === undefined) return { ok: true, data: emptyCorrections() };
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      return { ok: false, diagnostics: [{ file: CORRECTIONS_FILE, line: 1, column: 1, message: 'not UTF-8 text' }] };
    }
    return parseCorrections(CORRECTIONS_FILE, text);
  }
}
