/**
 * Problems reading a file, as the hosts' file adapters report them, so the core can name the
 * file and go on with the others. Pure: hosts (Node, VS Code) throw these, the core catches them.
 */

/** Reports, stores and other files larger than this are refused rather than read into memory. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** A file that cannot be read: `problem` says why in words, without the file's name. */
export class FileProblemError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'FileProblemError';
  }
}

/** Why a read failed, in words, for any error a file adapter may throw. */
export function readProblem(err: unknown): string {
  if (err instanceof FileProblemError) return err.problem;
  const code = (err as { code?: unknown } | null)?.code;
  switch (code) {
    case 'EISDIR':
      return 'it is a folder, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENAMETOOLONG':
      return 'its name is too long for the file system';
    case 'ELOOP':
      return 'it is a symbolic link that leads round in a loop';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}
