import { promises as fs, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { mergeStoreFiles } from '../../core/annotations/merge';
import { MERGE_ATTRIBUTES_LINE, setUpMergeDriver } from '../../node/gitMergeDriver';
import { parseArgs, single, UsageError, type CliCommand, type CliIo } from '../io';

const USAGE = `Usage: ilacs merge-driver BASE OURS THEIRS [PATH]
       ilacs merge-driver --setup [DIR] [--command CMD]

A git merge driver for annotation store files (.ilacs/annotations/**/*.json), so that two officers'
branches merge without conflict markers in the JSON. git runs it as
"ilacs merge-driver %O %A %B %P"; the merged store is written to OURS.

Tags are matched by id and merged field by field: a field changed on one side takes that side's
value; a field both sides changed takes the later modification, and the other side's version of the
tag is kept beside it (id "<id>~ours" or "<id>~theirs") and listed on stderr. Exit status 0 for a
clean merge, 1 when there were such conflicts (git then lists the file as conflicted: review the
kept versions, remove the one you do not want, and "git add" the file), 2 when a version is not a
valid store file (OURS is left as it was).

--setup configures the driver in the git repository holding DIR (default: the current folder) and
adds this line to its .gitattributes:
  ${MERGE_ATTRIBUTES_LINE}
--command CMD  how git should run ilacs (default: this ilacs, by its full path)`;

async function readOptional(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`cannot read ${file}: ${(err as Error).message}`);
  }
}

/** How git should run this ilacs: the Node running it and its script, or `ilacs` when that cannot be told. */
function thisIlacs(): string[] {
  let script: string | undefined = process.argv[1];
  try {
    // `npm link` runs the CLI through a link named ilacs: git is given the file it points to.
    if (script) script = realpathSync(script);
  } catch {
    script = undefined;
  }
  if (script && /cli\.js$/.test(script)) return [process.execPath, script];
  return ['ilacs'];
}

export const mergeDriverCommand: CliCommand = {
  name: 'merge-driver',
  summary: 'git merge driver for annotation store files (--setup installs it)',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const { positionals, flags, options } = parseArgs(args, { boolean: ['setup'], string: ['command'] });
    if (flags.has('setup')) {
      if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
      const dir = path.resolve(io.cwd, positionals[0] ?? '.');
      const command = single(options, 'command');
      const setup = await setUpMergeDriver(dir, command !== undefined ? command.split(/\s+/).filter(Boolean) : thisIlacs());
      io.out(
        `git merge driver "ilacs-store" configured in ${setup.repository}:\n  driver = ${setup.driver}\n` +
          `${setup.attributesAdded ? 'Added to' : 'Already in'} .gitattributes: ${MERGE_ATTRIBUTES_LINE}\n` +
          (setup.attributesAdded ? 'Commit .gitattributes so the whole team merges tags this way; each clone runs --setup once (git config is not shared).\n' : ''),
      );
      return 0;
    }
    if (options.has('command')) throw new UsageError('--command goes with --setup');
    if (positionals.length < 3 || positionals.length > 4) throw new UsageError('give the three files git passes: %O %A %B (and optionally %P)');
    const [baseFile, oursFile, theirsFile] = positionals.map((p) => path.resolve(io.cwd, p));
    const name = positionals[3] ?? positionals[1];
    const [base, ours, theirs] = await Promise.all([readOptional(baseFile), readOptional(oursFile), readOptional(theirsFile)]);
    const merged = mergeStoreFiles({ name, base, ours, theirs });
    if (!merged.ok) {
      io.err(`ilacs merge-driver: ${name} cannot be merged as a tag store, so it is left as our version:\n${merged.problems.map((p) => `  ${p}\n`).join('')}`);
      return 2;
    }
    await fs.writeFile(oursFile, merged.text);
    for (const c of merged.conflicts) io.err(`ilacs merge-driver: ${name}: ${c.message}\n`);
    if (merged.conflicts.length > 0) {
      io.err(`ilacs merge-driver: ${name}: ${merged.conflicts.length} conflict(s); both versions are kept in the file. Review them, then "git add" it.\n`);
      return 1;
    }
    return 0;
  },
};
