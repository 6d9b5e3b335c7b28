import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileProblemError } from '../../../src/core/files';
import { readRegularFile } from '../../../src/node/readFile';

const posix = process.platform !== 'win32';

describe('reading only regular files, within a limit', function () {
  // A read that waits on a FIFO fails here rather than holding up the run.
  this.timeout(10000);
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ilacs-read-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('reads a regular file whole, and one of exactly the limit', async () => {
    const file = path.join(dir, 'r.txt');
    const data = Buffer.alloc(200_000, 0x61);
    await fs.writeFile(file, data);
    assert.deepEqual(Buffer.from(await readRegularFile(file)), data);
    assert.equal((await readRegularFile(file, { maxBytes: 200_000 })).length, 200_000);
    await fs.writeFile(file, '');
    assert.equal((await readRegularFile(file)).length, 0);
  });

  it('refuses a file one byte over the limit, naming it as shown', async () => {
    const file = path.join(dir, 'big.txt');
    await fs.writeFile(file, Buffer.alloc(1001));
    await assert.rejects(readRegularFile(file, { maxBytes: 1000, shown: 'reports/big.txt' }), (err: unknown) => {
      assert.ok(err instanceof FileProblemError);
      assert.equal(err.file, 'reports/big.txt');
      assert.match(err.message, /^reports\/big\.txt: is larger than/);
      return true;
    });
  });

  (posix ? it : it.skip)('refuses a FIFO at once, without waiting for a writer', async () => {
    const fifo = path.join(dir, 'pipe.txt');
    execFileSync('mkfifo', [fifo]);
    await assert.rejects(readRegularFile(fifo), /pipe\.txt: is a FIFO \(named pipe\), not a regular file/);
  });

  (posix && existsSync('/dev/zero') ? it : it.skip)('refuses a symbolic link to /dev/zero without reading from it', async () => {
    const link = path.join(dir, 'zero.txt');
    await fs.symlink('/dev/zero', link);
    await assert.rejects(readRegularFile(link, { maxBytes: 1 << 30 }), /zero\.txt: is a character device, not a regular file/);
  });

  (posix ? it : it.skip)('refuses a socket and a folder', async () => {
    const socketPath = path.join(dir, 's.txt');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      await assert.rejects(readRegularFile(socketPath), /s\.txt: is a socket, not a regular file/);
    } finally {
      server.close();
    }
    await assert.rejects(readRegularFile(dir), /is a folder/);
  });

  (existsSync('/proc/self/status') ? it : it.skip)('counts the bytes while reading: a file whose size on stat is 0 is still held to the limit', async () => {
    const file = '/proc/self/status';
    assert.equal((await fs.stat(file)).size, 0);
    assert.ok((await readRegularFile(file)).length > 100);
    await assert.rejects(readRegularFile(file, { maxBytes: 100 }), /is larger than/);
  });

  it('passes on "no such file" with its code, for callers that treat it as absent', async () => {
    await assert.rejects(readRegularFile(path.join(dir, 'gone.txt')), { code: 'ENOENT' });
  });
});
