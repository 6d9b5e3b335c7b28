/** Shared set-up for the workspace and CLI tests: temporary workspaces holding the fixture reports. */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import { CapturedIo } from '../helpers/capturedIo';

export const FIXTURES = path.resolve(__dirname, '../../fixtures/workspace');
export const INSPECTION = 'ashcombe__14-march-2024.txt';
export const FOCUSED_VISIT = 'ashcombe__09-november-2022.txt';
export const OTHER_AUTHORITY = 'letters/brindlesham__02-may-2023.txt';

/** A new temporary folder holding a copy of the fixture reports (and `.ilacs/` when asked). */
export async function makeWorkspace(options: { marker?: boolean } = {}): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'ilacs-workspace-'));
  await fs.cp(FIXTURES, root, { recursive: true });
  if (options.marker ?? true) await fs.mkdir(path.join(root, '.ilacs'));
  return root;
}

export async function removeWorkspace(root: string): Promise<void> {
  await fs.rm(root, { recursive: true, force: true });
}

export async function readText(root: string, relative: string): Promise<string> {
  return fs.readFile(path.join(root, ...relative.split('/')), 'utf8');
}

export async function writeText(root: string, relative: string, text: string): Promise<void> {
  const file = path.join(root, ...relative.split('/'));
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, text);
}

export async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

/** Captures what a command prints. */
export { CapturedIo as FakeIo } from '../helpers/capturedIo';

/**
 * For the tests of one CLI command: a fresh copy of the sample workspace before each test (removed
 * after it), and the command run there. Read `root` inside the tests: it is another folder each time.
 */
export function commandWorkspace(command: string): { root: string; run: (...args: string[]) => Promise<{ code: number; io: CapturedIo }> } {
  const ws = {
    root: '',
    run: async (...args: string[]): Promise<{ code: number; io: CapturedIo }> => {
      const io = new CapturedIo(ws.root);
      return { code: await main([command, ...args], io), io };
    },
  };
  beforeEach(async () => {
    ws.root = await makeWorkspace();
  });
  afterEach(async () => {
    await removeWorkspace(ws.root);
  });
  return ws;
}

/**
 * Re-wraps the lines of the paragraph starting with `firstWords` to a narrower width, as a
 * different PDF extraction would.
 */
export function rewrap(text: string, firstWords: string, width = 40): string {
  const start = text.indexOf(firstWords);
  if (start < 0) throw new Error(`"${firstWords}" is not in the text`);
  const blank = text.indexOf('\n\n', start);
  const end = blank < 0 ? text.length : blank;
  const words = text.slice(start, end).split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else {
      line = line ? `${line} ${w}` : w;
    }
  }
  if (line) lines.push(line);
  return text.slice(0, start) + lines.join('\n') + text.slice(end);
}
