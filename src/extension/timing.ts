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
