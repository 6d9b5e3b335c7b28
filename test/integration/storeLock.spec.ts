// The editor writes tags through the same locked read-modify-write as the CLI: it waits for another
// writer's lock, breaks the lock of a writer that died, and keeps the writers' files out of git.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as vscode from 'vscode';
import { lockFileFor, storeFileFor, type Annotation } from '../../src/core/annotations';
import { exists } from '../../src/extension/files';
import { api, folder } from './helpers';

const REPORT = 'eastbrook__20-october-2023.txt';

function lockBody(pid: number): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ pid, host: os.hostname(), created: new Date().toISOString(), nonce: `held-by-${pid}` }) + '\n');
}

describe('the editor and the store lock', function () {
  this.timeout(60_000);

  const uri = (relative: string) => vscode.Uri.joinPath(folder().uri, ...relative.split('/'));
  const storeUri = () => uri(storeFileFor(REPORT));
  const lockUri = () => uri(lockFileFor(storeFileFor(REPORT)));

  async function paragraphId(): Promise<string> {
    const { services } = await api();
    const document = await vscode.workspace.openTextDocument(uri(REPORT));
    const paragraph = services.reports.get(document)?.paragraphs.find((p) => p.kind === 'paragraph');
    assert.ok(paragraph, 'the report has no paragraph to tag');
    return paragraph.id;
  }

  async function storedIds(): Promise<string[]> {
    if (!(await exists(storeUri()))) return [];
    const data = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(storeUri()))) as { annotations: Annotation[] };
    return data.annotations.map((a) => a.id);
  }

  afterEach(async () => {
    await vscode.workspace.fs.delete(lockUri()).then(undefined, () => undefined);
  });

  it('waits while another running process holds the lock, then saves the tag', async () => {
    await api();
    const id = await paragraphId();
    await vscode.workspace.fs.createDirectory(uri(storeFileFor(REPORT).replace(/\/[^/]*$/, '')));
    // The extension host's parent process: running, and not this process.
    await vscode.workspace.fs.writeFile(lockUri(), lockBody(process.ppid));
    const tagging = vscode.commands.executeCommand<Annotation | undefined>('ilacs.tagParagraph', { uri: uri(REPORT), paragraphId: id, criteria: ['hp.front-door'] });
    let settled = false;
    void Promise.resolve(tagging).then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(settled, false, 'the tag was saved while another writer held the lock');
    await vscode.workspace.fs.delete(lockUri());
    const tag = await tagging;
    assert.ok(tag, 'no tag was made once the lock was released');
    assert.ok((await storedIds()).includes(tag.id), 'the tag is not in the store file');
  });

  it("breaks the lock of a writer that died, and writes .ilacs/.gitignore", async () => {
    const { services } = await api();
    const id = await paragraphId();
    const dead = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } }).stdout);
    assert.ok(dead > 0);
    await vscode.workspace.fs.writeFile(lockUri(), lockBody(dead));
    const tag = await vscode.commands.executeCommand<Annotation | undefined>('ilacs.tagParagraph', { uri: uri(REPORT), paragraphId: id, criteria: ['hp.front-door'] });
    assert.ok(tag, 'the dead writer’s lock kept the tag from being saved');
    assert.ok((await storedIds()).includes(tag.id));
    assert.equal(await exists(lockUri()), false, 'the lock was left behind');
    const gitignore = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri('.ilacs/.gitignore')));
    assert.match(gitignore, /^\*\.ilacs-tmp$/m);
    const key = services.annotations.keyOf(uri(REPORT));
    assert.ok(key);
    await services.annotations.remove(key, tag.id);
  });
});
