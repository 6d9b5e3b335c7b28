import type { CliIo } from '../../../src/cli/io';

/** Collects what a CLI command prints, for tests that run commands in-process. */
export class CapturedIo implements CliIo {
  stdout = '';
  stderr = '';
  constructor(readonly cwd: string) {}
  out(text: string): void {
    this.stdout += text;
  }
  err(text: string): void {
    this.stderr += text;
  }
}
