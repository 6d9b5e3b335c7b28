import * as assert from 'node:assert/strict';
import { ChangeHistory } from '../../../src/core/annotations/history';

describe('tag change history (undo and redo)', () => {
  it('undoes and redoes changes in the order made', () => {
    const h = new ChangeHistory<string>();
    h.record('tag p1', ['remove p1'], ['add p1']);
    h.record('tag p2', ['remove p2'], ['add p2']);
    assert.equal(h.undo()?.label, 'tag p2');
    assert.equal(h.undo()?.label, 'tag p1');
    assert.equal(h.undo(), undefined);
    assert.equal(h.canUndo, false);
    assert.equal(h.redo()?.label, 'tag p1');
    assert.equal(h.redo()?.label, 'tag p2');
    assert.equal(h.canRedo, false);
  });

  it('forgets what could be redone once a new change is made', () => {
    const h = new ChangeHistory<string>();
    h.record('a', ['-a'], ['+a']);
    h.undo();
    assert.equal(h.canRedo, true);
    h.record('b', ['-b'], ['+b']);
    assert.equal(h.canRedo, false);
    assert.equal(h.peekUndo()?.label, 'b');
  });

  it('records a group as one entry whose undo runs the later changes first', async () => {
    const h = new ChangeHistory<string>();
    await h.grouped('remove 3 tags', async () => {
      h.record('x', ['+1'], ['-1']);
      await h.grouped('inner', async () => h.record('y', ['+2'], ['-2']));
      h.record('z', ['+3'], ['-3']);
    });
    const entry = h.undo();
    assert.equal(entry?.label, 'remove 3 tags');
    assert.deepEqual(entry?.undo, ['+3', '+2', '+1']);
    assert.deepEqual(entry?.redo, ['-1', '-2', '-3']);
    assert.equal(h.canUndo, false);
  });

  it('leaves no entry for a group that changed nothing, and ends the group when it throws', async () => {
    const h = new ChangeHistory<string>();
    await h.grouped('nothing', async () => undefined);
    assert.equal(h.canUndo, false);
    await assert.rejects(h.grouped('fails', async () => {
      h.record('half', ['-h'], ['+h']);
      throw new Error('disk full');
    }));
    assert.equal(h.peekUndo()?.label, 'fails', 'what was done before the failure can still be undone');
    h.record('after', ['-after'], ['+after']);
    assert.equal(h.peekUndo()?.label, 'after', 'later changes are entries of their own');
  });

  it('keeps at most the given number of entries, dropping the oldest', () => {
    const h = new ChangeHistory<number>(3);
    for (let i = 1; i <= 5; i++) h.record(`c${i}`, [i], [i]);
    assert.deepEqual([h.undo()?.label, h.undo()?.label, h.undo()?.label, h.undo()], ['c5', 'c4', 'c3', undefined]);
  });
});
