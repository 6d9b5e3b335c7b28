/**
 * Setting up git to merge annotation store files with `ilacs merge-driver`: the driver in the
 * repository's config (`merge.ilacs-store.*`) and the `.gitattributes` line that names the store
 * files. Used by `ilacs merge-driver --setup` and the editor's command.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export const MERGE_DRIVER_NAME = 'ilacs-store';
/** Every store file, at any depth (a workspace may be a sub-folder of the repository). */
export const MERGE_ATTRIBUTES_LINE = `**/.ilacs/annotations/**/*.json merge=${MERGE_DRIVER_NAME}`;

function git(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, timeout: 10_000, windowsHide: true }, (err, stdout, stderr) => {
      if (err) reject(new Error(String(stderr).trim() || err.message));
      else resolve(String(stdout).trim());
    });
  });
}

/** Quotes a word for the POSIX shell git runs drivers with (git for Windows too). */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The driver line for git's config: `<command> merge-driver %O %A %B %P`. */
export function driverLine(command: readonly string[]): string {
  return `${command.map(shellQuote).join(' ')} merge-driver %O %A %B %P`;
}

export interface MergeDriverSetup {
  /** The repository's top folder. */
  repository: string;
  driver: string;
  /** Whether the `.gitattributes` line was added (false: it was there). */
  attributesAdded: boolean;
}

/**
 * Configures the driver in the git repository holding `dir` and adds the attributes line to the
 * repository's top-level `.gitattributes` (kept as it is otherwise). Running it again changes nothing.
 */
export async function setUpMergeDriver(dir: string, command: readonly string[]): Promise<MergeDriverSetup> {
  let repository: string;
  try {
    repository = await git(dir, ['rev-parse', '--show-toplevel']);
  } catch (err) {
    throw new Error(`${dir} is not inside a git repository (${err instanceof Error ? err.message : String(err)})`);
  }
  const driver = driverLine(command);
  await git(repository, ['config', `merge.${MERGE_DRIVER_NAME}.name`, 'ILACS Annotator tag store merge']);
  await git(repository, ['config', `merge.${MERGE_DRIVER_NAME}.driver`, driver]);
  const file = path.join(repository, '.gitattributes');
  let text = '';
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read ${file}: ${(err as Error).message}`);
  }
  const present = text.split(/\r?\n/).some((line) => line.trim() === MERGE_ATTRIBUTES_LINE);
  if (!present) {
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    await fs.writeFile(file, `${text}${text === '' || text.endsWith('\n') ? '' : eol}${MERGE_ATTRIBUTES_LINE}${eol}`);
  }
  return { repository, driver, attributesAdded: !present };
}
