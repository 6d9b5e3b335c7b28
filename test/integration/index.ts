// Entry of the in-editor test suite. VS Code's extension host loads the bundle of this file
// (dist/test/suite.js) and calls run(); the suite passes when the returned promise resolves.
// The spec files test/integration/**/*.spec.ts are collected at build time (see esbuild.js).
import Mocha from 'mocha';
import { specs } from 'ilacs-integration-specs';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 30_000 });
  const grep = process.env.ILACS_TEST_GREP;
  if (grep) mocha.grep(grep);

  // What mocha's own file loader does, for modules that are already bundled.
  for (const spec of specs) {
    mocha.suite.emit('pre-require', globalThis, spec.file, mocha);
    mocha.suite.emit('require', spec.load(), spec.file, mocha);
    mocha.suite.emit('post-require', globalThis, spec.file, mocha);
  }

  const stats = await new Promise<Mocha.Stats>((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats ?? ({} as Mocha.Stats)));
  });
  const total = stats.tests ?? 0;
  console.log(
    `ILACS in-editor suite: ${total} tests from ${specs.length} spec files, ` +
      `${stats.passes ?? 0} passed, ${stats.failures ?? 0} failed, ${stats.pending ?? 0} pending`,
  );
  if ((stats.failures ?? 0) > 0) throw new Error(`${stats.failures} in-editor test(s) failed`);
  if (total === 0) throw new Error('no in-editor tests ran');
}
