// The core's PDF import over the file interface, on the in-memory file system: what it writes,
// what it keeps, and a cancelled import writing nothing.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { MemoryFileSystem } from '../../../src/core/session/memoryHost';
import { CancelledError, type CancellationToken } from '../../../src/core/session/host';
import { importPdf } from '../../../src/core/pdf/importFile';
import { isUneditedImport } from '../../../src/core/pdf';
import { FileProblemError } from '../../../src/core/files';

const FIXTURES = path.resolve(__dirname, '../../fixtures/pdf');
const PDF = 'holmbridge__02-may-2025.pdf';
const bytes = (): Uint8Array => readFileSync(path.join(FIXTURES, PDF));

/** A token that asks to stop once it has been asked `after` times. */
function cancelAfter(after: number): CancellationToken & { asked: number } {
  return {
    asked: 0,
    get isCancellationRequested() {
      this.asked++;
      return this.asked > after;
    },
  };
}

describe('PDF import over the core file interface', function () {
  this.timeout(30_000);

  it('writes the Markdown through a temporary file, leaves none behind, and then finds it unchanged', async () => {
    const files = new MemoryFileSystem();
    const target = { files, path: 'reports/holmbridge__02-may-2025.md', makeFolder: true };
    const first = await importPdf(PDF, bytes(), target);
    assert.equal(first.status, 'created');
    assert.equal(first.pages, 3);
    assert.deepEqual(files.paths(), ['reports/holmbridge__02-may-2025.md']);
    assert.ok(isUneditedImport(files.text('reports/holmbridge__02-may-2025.md') ?? ''));
    assert.equal((await importPdf(PDF, bytes(), target)).status, 'unchanged');
  });

  it('keeps an edited or tagged file unless confirmed, naming it as the host shows it', async () => {
    const files = new MemoryFileSystem();
    files.write('h.md', '# My own notes\n');
    let asked = '';
    const kept = await importPdf(PDF, bytes(), { files, path: 'h.md', shown: 'folder/h.md' }, { confirm: async (shown, p) => ((asked = `${shown}: ${p.reason}`), false) });
    assert.equal(kept.status, 'kept');
    assert.equal(asked, 'folder/h.md: h.md was not written by a PDF import');
    assert.equal(files.text('h.md'), '# My own notes\n');

    await importPdf(PDF, bytes(), { files, path: 'h.md' }, { force: true });
    const tagged = await importPdf(PDF, new Uint8Array(bytes()), { files, path: 'h.md', tags: async () => 2 });
    assert.equal(tagged.status, 'unchanged', 'the same text is left alone, tags or not');
    files.write('h.md', `${files.text('h.md')}\n`);
    const withTags = await importPdf(PDF, bytes(), { files, path: 'h.md', tags: async () => 2 });
    assert.equal(withTags.protection?.reason, 'h.md was edited since it was imported and has 2 tags');
    assert.equal((await importPdf(PDF, bytes(), { files, path: 'h.md', tags: async () => 2 }, { confirm: async () => true })).status, 'replaced');
  });

  it('stops while it reads the pages when its token asks, and writes nothing', async () => {
    const files = new MemoryFileSystem();
    // Asked before the conversion, before pdf.js loads, then before each page and as its text comes in.
    const token = cancelAfter(3);
    await assert.rejects(importPdf(PDF, bytes(), { files, path: 'h.md' }, { token }), CancelledError);
    assert.ok(token.asked >= 4, `asked ${token.asked} times`);
    assert.deepEqual(files.paths(), []);
  });

  it('is not started when its token has already asked to stop', async () => {
    const files = new MemoryFileSystem();
    await assert.rejects(importPdf(PDF, bytes(), { files, path: 'h.md' }, { token: { isCancellationRequested: true } }), CancelledError);
    assert.deepEqual(files.paths(), []);
  });

  it('names what stands where the Markdown file would go', async () => {
    const files = new MemoryFileSystem();
    files.readFile = async () => {
      throw new FileProblemError('h.md', 'is a folder, not a file');
    };
    await assert.rejects(importPdf(PDF, bytes(), { files, path: 'h.md' }), /holmbridge__02-may-2025\.pdf: cannot read h\.md, which the import would replace: it is a folder, not a file/);
  });

  it('names a Markdown file it cannot write, and leaves no temporary file', async () => {
    const files = new MemoryFileSystem();
    files.rename = async () => {
      throw new Error('the disk is full');
    };
    await assert.rejects(importPdf(PDF, bytes(), { files, path: 'h.md' }), /holmbridge__02-may-2025\.pdf: cannot write h\.md: the disk is full/);
    assert.deepEqual(files.paths(), []);
  });
});
