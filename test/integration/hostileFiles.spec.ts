// Files that are not what they seem among the reports: the editor names them and reads the rest.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { storeFileFor } from '../../src/core/annotations';
import { api, folder, waitFor } from './helpers';

const GOOD = 'eastbrook__20-october-2023.txt';

describe('hostile files in the workspace', function () {
  this.timeout(60_000);

  it('a FIFO and a link to /dev/zero among the reports, a FIFO, a folder and a 5,000-deep file as store files: each named, the rest read', async function () {
    if (process.platform === 'win32') this.skip();
    const { services } = await api();
    const root = folder().uri.fsPath;
    const at = (relative: string) => path.join(root, ...relative.split('/'));
    const text = await fs.readFile(at(GOOD), 'utf8');
    const created = ['stuck-pipe.txt', 'endless-zero.txt', 'late-arrival.txt', 'deep-store.txt', 'folder-store.txt', 'pipe-store.txt'];
    const stores = ['deep-store.txt', 'folder-store.txt', 'pipe-store.txt'].map((r) => at(storeFileFor(r)));
    try {
      await services.index.ensureBuilt();
      const indexed = new Promise<void>((resolve) => {
        const sub = services.index.onDidChange((uris) => {
          if (uris?.some((u) => u.fsPath.endsWith('late-arrival.txt'))) {
            sub.dispose();
            resolve();
          }
        });
      });
      await fs.mkdir(path.dirname(stores[0]), { recursive: true });
      await fs.writeFile(stores[0], '['.repeat(5000) + ']'.repeat(5000));
      await fs.mkdir(stores[1]);
      execFileSync('mkfifo', [stores[2]]);
      execFileSync('mkfifo', [at('stuck-pipe.txt')]);
      await fs.symlink('/dev/zero', at('endless-zero.txt'));
      for (const r of ['late-arrival.txt', 'deep-store.txt', 'folder-store.txt', 'pipe-store.txt']) await fs.writeFile(at(r), text);

      // The index takes in the new reports and finishes, the FIFO and the device left out.
      await Promise.race([indexed, new Promise((_, reject) => setTimeout(() => reject(new Error('the index never finished reading the new files')), 20_000))]);
      assert.ok(services.index.get(vscode.Uri.file(at('late-arrival.txt'))), 'the good report was not indexed');
      assert.equal(services.index.get(vscode.Uri.file(at('stuck-pipe.txt'))), undefined);
      assert.equal(services.index.get(vscode.Uri.file(at('endless-zero.txt'))), undefined);

      // Each broken store file is named with its problem; the others' tags still read.
      const expected: [string, RegExp][] = [
        ['deep-store.txt', /nested more than \d+ deep/],
        ['folder-store.txt', /is a folder/],
        ['pipe-store.txt', /is a (FIFO|special file)/],
      ];
      for (const [report, problem] of expected) {
        const key = services.annotations.keyOf(vscode.Uri.file(at(report)));
        assert.ok(key);
        const read = await services.annotations.read(key);
        assert.ok(read.error, `${report}: no error for its store file`);
        assert.match(read.error.message, problem);
        assert.ok(read.error.message.includes(storeFileFor(report)), read.error.message);
      }
      const good = services.annotations.keyOf(vscode.Uri.file(at(GOOD)));
      assert.ok(good);
      assert.equal((await services.annotations.read(good)).error, undefined);
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(at('deep-store.txt')));
      await services.annotations.anchored(document);
      await waitFor('the 5,000-deep store in Problems', () => (vscode.languages.getDiagnostics(vscode.Uri.file(stores[0])).some((d) => /nested more than/.test(d.message)) ? true : undefined));
    } finally {
      for (const r of created) await fs.rm(at(r), { force: true });
      for (const s of stores) await fs.rm(s, { recursive: true, force: true });
    }
  });
});
