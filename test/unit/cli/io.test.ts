import * as assert from 'node:assert/strict';
import { parseArgs, UsageError } from '../../../src/cli/io';

describe('command-line options', () => {
  const spec = { boolean: ['json'], string: ['output'], short: { o: 'output' } };

  it('reads --name value, --name=value, flags and positionals, and everything after -- as positionals', () => {
    const r = parseArgs(['a', '--output', 'x.json', '--json', '--output=y.json', '--', '--json'], spec);
    assert.deepEqual(r.positionals, ['a', '--json']);
    assert.deepEqual([...r.flags], ['json']);
    assert.deepEqual(r.options.get('output'), ['x.json', 'y.json']);
  });

  it('reads a one-letter form as its long name, with the value after it or after =', () => {
    assert.deepEqual(parseArgs(['-o', 'x.json'], spec).options.get('output'), ['x.json']);
    assert.deepEqual(parseArgs(['-o=x.json'], spec).options.get('output'), ['x.json']);
    // A letter the command does not name is left as it is.
    assert.deepEqual(parseArgs(['-x'], spec).positionals, ['-x']);
    assert.deepEqual(parseArgs(['-o'], { string: ['output'] }).positionals, ['-o']);
  });

  it('refuses unknown options, a missing value and a value given to a flag', () => {
    assert.throws(() => parseArgs(['--nope'], spec), UsageError);
    assert.throws(() => parseArgs(['-o'], spec), /--output needs a value/);
    assert.throws(() => parseArgs(['--json=1'], spec), /--json takes no value/);
  });
});
