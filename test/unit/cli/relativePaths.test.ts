/**
 * Report paths in every workspace command's output are relative to the workspace folder, whatever
 * the current folder is and however DIR is given (here: from the folder above, and in full).
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import { FakeIo, FOCUSED_VISIT, INSPECTION, makeWorkspace, OTHER_AUTHORITY, removeWorkspace } from '../workspace/helpers';

const REPORTS = new Set([INSPECTION, FOCUSED_VISIT, OTHER_AUTHORITY]);

/** Every value of a "file" key (or, for the history, "report"), at any depth. */
function filesIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) filesIn(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if ((k === 'file' || k === 'report') && typeof v === 'string') out.push(v);
      else filesIn(v, out);
    }
  }
  return out;
}

describe('report paths in the CLI output', () => {
  let root: string;
  before(async () => {
    root = await makeWorkspace();
    const io = new FakeIo(root);
    assert.equal(await main(['tag', INSPECTION, '--paragraph', '3', '--criterion', 'hp.assessments', '--author', 'A'], io), 0, io.stderr);
    const io2 = new FakeIo(root);
    assert.equal(await main(['tag', INSPECTION, '--paragraph', '2', '--criterion', 'hp.assessments', '--author', 'B', '--assessment', 'area-for-improvement'], io2), 0, io2.stderr);
  });
  after(async () => {
    await removeWorkspace(root);
  });

  for (const dir of ['relative', 'absolute'] as const) {
    it(`are relative to the workspace folder when DIR is given ${dir === 'relative' ? 'from the folder above' : 'in full'}`, async () => {
      const cwd = path.dirname(root);
      const arg = dir === 'relative' ? path.basename(root) : root;
      const runs: [string, string[]][] = [
        ['annotations', ['--json']],
        ['improvements', ['--json', '--status', 'all']],
        ['recurrences', ['--json', '--threshold', '0.1']],
        ['history', ['--json', '--authority', 'Ashcombe']],
        ['export', ['--printed']],
        ['agreement', ['--json', '--author', 'A', '--author', 'B']],
      ];
      for (const [command, args] of runs) {
        const io = new FakeIo(cwd);
        const code = await main([command, arg, ...args], io);
        assert.equal(code, 0, `${command}: ${io.stderr}`);
        const files = filesIn(JSON.parse(io.stdout));
        assert.ok(files.length > 0, `${command} names reports`);
        for (const f of files) assert.ok(REPORTS.has(f), `${command}: "${f}" is a workspace-relative report path`);
      }
    });
  }
});
