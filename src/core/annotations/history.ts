/**
 * The undo history of tag changes: what the user did, in the order done, each entry holding the
 * operations that take it back and those that do it again. Pure and generic over the operation
 * type, so the editor keeps the store operations and the tests plain values.
 *
 * Recording a new change clears what could be redone, as in a text editor. A group (several tags
 * removed at once, an import) is one entry, undone and redone as one.
 */
export interface HistoryEntry<Op> {
  /** What the change was, in words ("Tag paragraph 3"). */
  label: string;
  /** Operations that undo the change, in the order they are to run. */
  undo: Op[];
  /** Operations that make the change again, in the order they are to run. */
  redo: Op[];
}

export class ChangeHistory<Op> {
  private readonly done: HistoryEntry<Op>[] = [];
  private readonly undone: HistoryEntry<Op>[] = [];
  private group: HistoryEntry<Op> | undefined;
  private depth = 0;

  constructor(private readonly limit = 200) {}

  /** Records one change: `undo` takes it back, `redo` makes it again. */
  record(label: string, undo: Op[], redo: Op[]): void {
    if (this.group) {
      // Later changes are undone first.
      this.group.undo.unshift(...undo);
      this.group.redo.push(...redo);
      return;
    }
    this.push({ label, undo: [...undo], redo: [...redo] });
  }

  /**
   * Runs `fn`, recording every change it makes as one entry called `label` (nested groups join the
   * outer one). A group that changed nothing leaves no entry.
   */
  async grouped<T>(label: string, fn: () => Promise<T>): Promise<T> {
    const outer = this.depth === 0;
    if (outer) this.group = { label, undo: [], redo: [] };
    this.depth++;
    try {
      return await fn();
    } finally {
      this.depth--;
      if (outer) {
        const group = this.group!;
        this.group = undefined;
        if (group.undo.length > 0 || group.redo.length > 0) this.push(group);
      }
    }
  }

  private push(entry: HistoryEntry<Op>): void {
    this.done.push(entry);
    if (this.done.length > this.limit) this.done.shift();
    this.undone.length = 0;
  }

  get canUndo(): boolean {
    return this.done.length > 0;
  }

  get canRedo(): boolean {
    return this.undone.length > 0;
  }

  /** The entry the next undo would take back. */
  peekUndo(): HistoryEntry<Op> | undefined {
    return this.done[this.done.length - 1];
  }

  peekRedo(): HistoryEntry<Op> | undefined {
    return this.undone[this.undone.length - 1];
  }

  /** Takes the latest change off the history (the caller runs its `undo` operations); it can then be redone. */
  undo(): HistoryEntry<Op> | undefined {
    const entry = this.done.pop();
    if (entry) this.undone.push(entry);
    return entry;
  }

  /** Takes the latest undone change back onto the history (the caller runs its `redo` operations). */
  redo(): HistoryEntry<Op> | undefined {
    const entry = this.undone.pop();
    if (entry) this.done.push(entry);
    return entry;
  }

  clear(): void {
    this.done.length = 0;
    this.undone.length = 0;
  }
}
