import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import { main } from '../../../src/cli/main';
import { CapturedIo } from '../helpers/capturedIo';

describe('ilacs (the command dispatcher)', () => {
  it('prints the help on stderr and exits 2 when no command is given', async () => {
    const io = new CapturedIo(os.tmpdir());
    assert.equal(await main([], io), 2);
    assert.equal(io.stdout, '');
    assert.match(io.stderr, /Usage: ilacs <command>/);
  });

  it('prints the help on stdout for --help, listing every command', async () => {
    const io = new CapturedIo(os.tmpdir());
    assert.equal(await main(['--help'], io), 0);
    for (const name of ['parse', 'codebook', 'tag', 'annotations', 'improvements']) assert.match(io.stdout, new RegExp(`\\n  ${name} `));
  });

  it('names an unknown command and exits 2', async () => {
    const io = new CapturedIo(os.tmpdir());
    assert.equal(await main(['parsee'], io), 2);
    assert.match(io.stderr, /unknown command "parsee"/);
  });

  it('shows a command\'s usage for a usage mistake, exit 2', async () => {
    const io = new CapturedIo(os.tmpdir());
    assert.equal(await main(['parse', '--jsn', 'x.txt'], io), 2);
    assert.match(io.stderr, /unknown option --jsn/);
    assert.match(io.stderr, /Usage: ilacs parse/);
  });
});
