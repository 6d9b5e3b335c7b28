// Entry of the web-host test suite: VS Code's web worker extension host (the one vscode.dev runs
// extensions in) loads the bundle of this file (dist/test/web-suite.js, built for the browser by
// esbuild.js) and calls run(). Mocha's browser build runs the specs of test/web/.
import { specs } from 'ilacs-web-specs';
// Mocha's browser build, given a module of its own by esbuild.js (see `browserMocha` there).
import browserMocha from 'mocha/mocha.js';

const mocha = browserMocha;

/** One line per test on the console, which the test runner prints. */
class ConsoleReporter {
  constructor(runner: Mocha.Runner) {
    runner.on('suite', (suite) => {
      if (suite.title) console.log(suite.title);
    });
    runner.on('pass', (test) => console.log(`  ✔ ${test.title} (${test.duration ?? 0} ms)`));
    runner.on('pending', (test) => console.log(`  - ${test.title} (pending)`));
    runner.on('fail', (test, err: Error) => console.error(`  ✘ ${test.title}\n${err.stack ?? err.message}`));
  }
}

export async function run(): Promise<void> {
  try {
    await runSpecs();
  } catch (err) {
    // The web worker host passes on only the message: the stack says where.
    console.error(err instanceof Error ? err.stack : String(err));
    throw err;
  }
}

async function runSpecs(): Promise<void> {
  mocha.setup({ ui: 'bdd', timeout: 60_000 });
  // Mocha's browser reporters write to a page; a worker has none, so results go to the console.
  mocha.reporter(ConsoleReporter as unknown as typeof Mocha.reporters.Base);
  for (const spec of specs) {
    mocha.suite.emit('pre-require', globalThis, spec.file, mocha);
    mocha.suite.emit('require', spec.load(), spec.file, mocha);
    mocha.suite.emit('post-require', globalThis, spec.file, mocha);
  }
  let runner: Mocha.Runner | undefined;
  const failures = await new Promise<number>((resolve) => {
    runner = mocha.run(resolve);
  });
  const stats: Partial<Mocha.Stats> = runner?.stats ?? {};
  const total = stats.tests ?? 0;
  console.log(`ILACS web-host suite: ${total} tests from ${specs.length} spec files, ${stats.passes ?? 0} passed, ${failures} failed, ${stats.pending ?? 0} pending`);
  if (failures > 0) throw new Error(`${failures} web-host test(s) failed`);
  if (total === 0) throw new Error('no web-host tests ran');
}
