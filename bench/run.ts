/**
 * Runs every benchmark module in bench/ (each exports `bench(): Promise<{name, value, unit}[]>`),
 * prints a table with the machine and date, and writes bench/.results/latest.json.
 *
 * Run with `npm run bench`; `npm run bench -- recurrence parse` runs only the modules named
 * (file names without `.ts`).
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchResult } from './lib/common';

type BenchFn = () => Promise<BenchResult[]>;

async function main(): Promise<number> {
  const dir = __dirname;
  const modules = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.endsWith('.d.ts'))
    .sort();
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !modules.includes(`${name}.ts`));
  if (unknown.length > 0) {
    console.error(`No benchmark named ${unknown.join(', ')} in bench/ (there are: ${modules.map((f) => f.replace(/\.ts$/, '')).join(', ')})`);
    return 1;
  }
  if (wanted.length > 0) modules.splice(0, modules.length, ...modules.filter((f) => wanted.includes(f.replace(/\.ts$/, ''))));
  const cpus = os.cpus();
  const machine = {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
  };
  const date = new Date().toISOString();
  console.log(`Machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.platform}`);
  console.log(`Date: ${date}\n`);

  const results: (BenchResult & { module: string })[] = [];
  let failed = 0;
  for (const file of modules) {
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { bench?: BenchFn; default?: { bench?: BenchFn } };
    const fn = mod.bench ?? mod.default?.bench;
    if (typeof fn !== 'function') {
      console.log(`${file}: exports no bench(); skipped`);
      continue;
    }
    try {
      for (const r of await fn()) results.push({ module: file.replace(/\.ts$/, ''), ...r });
    } catch (err) {
      failed++;
      console.error(`${file}: ${(err as Error).stack ?? String(err)}`);
    }
  }

  const nameWidth = Math.max(9, ...results.map((r) => r.module.length + 2 + r.name.length));
  const valueWidth = Math.max(5, ...results.map((r) => String(r.value).length));
  console.log(`${'benchmark'.padEnd(nameWidth)}  ${'value'.padStart(valueWidth)}  unit`);
  console.log(`${'-'.repeat(nameWidth)}  ${'-'.repeat(valueWidth)}  ----`);
  for (const r of results) console.log(`${`${r.module}: ${r.name}`.padEnd(nameWidth)}  ${String(r.value).padStart(valueWidth)}  ${r.unit}`);

  const out = path.join(dir, '.results');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'latest.json'), JSON.stringify({ date, machine, results }, null, 2) + '\n');
  console.log(`\nWritten to bench/.results/latest.json`);
  return failed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(err);
    process.exitCode = 1;
  },
);
