/** Waiting for background work without holding up the editor (no `vscode` import: plain promises). */

/** `p`'s value, or undefined when it takes longer than `ms` (the work itself goes on). */
export function withinMs<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([p, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)))]).finally(() => clearTimeout(timer));
}

/** Whether `p` succeeds within `ms`: false when it fails or is still running. */
export async function succeedsWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  const done = p.then(
    () => true,
    () => false,
  );
  return (await withinMs(done, ms)) === true;
}

/** Something that can be cancelled, as VS Code's `CancellationToken` (structurally, so this file needs no `vscode`). */
export interface Cancellable {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

/** `p`'s value, or undefined as soon as `token` is cancelled (the work itself goes on for others). */
export function unlessCancelled<T>(p: Promise<T>, token: Cancellable | undefined): Promise<T | undefined> {
  if (!token) return p;
  if (token.isCancellationRequested) return Promise.resolve(undefined);
  let listener: { dispose(): void } | undefined;
  return Promise.race([p, new Promise<undefined>((resolve) => (listener = token.onCancellationRequested(() => resolve(undefined))))]).finally(() => listener?.dispose());
}
