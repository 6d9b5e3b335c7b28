/** What a CLI command may touch: its output streams and the working directory. Tests pass fakes. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
}

export interface CliCommand {
  name: string;
  /** One line for `ilacs --help`. */
  summary: string;
  /** Full usage text for `ilacs <name> --help`. */
  usage: string;
  /** Returns the exit code: 0 success, 1 some input failed, 2 usage error. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** A usage mistake: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}

/**
 * Splits argv into positionals and `--flag value` / `--flag` options (repeatable). `short` names
 * one-letter forms: with `{ o: 'output' }`, `-o FILE` and `-o=FILE` are `--output FILE`.
 */
export function parseArgs(
  args: string[],
  spec: { boolean?: string[]; string?: string[]; short?: Record<string, string> },
): { positionals: string[]; flags: Set<string>; options: Map<string, string[]> } {
  const positionals: string[] = [];
  const flags = new Set<string>();
  const options = new Map<string, string[]>();
  const booleans = new Set(spec.boolean ?? []);
  const strings = new Set(spec.string ?? []);
  for (let i = 0; i < args.length; i++) {
    let arg = args[i];
    const short = /^-([A-Za-z])(=.*)?$/.exec(arg);
    if (short && spec.short?.[short[1]] !== undefined) arg = `--${spec.short[short[1]]}${short[2] ?? ''}`;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      if (booleans.has(name)) {
        if (eq >= 0) throw new UsageError(`--${name} takes no value`);
        flags.add(name);
      } else if (strings.has(name)) {
        const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
        if (value === undefined) throw new UsageError(`--${name} needs a value`);
        options.set(name, [...(options.get(name) ?? []), value]);
      } else {
        throw new UsageError(`unknown option --${name}`);
      }
    } else {
      positionals.push(arg);
    }
  }
  return { positionals, flags, options };
}

/** The value of an option that may be given at most once. */
export function single(options: Map<string, string[]>, name: string): string | undefined {
  const values = options.get(name) ?? [];
  if (values.length > 1) throw new UsageError(`--${name} given more than once`);
  return values[0];
}

/** An option value that must be one of `allowed` (undefined stays undefined). */
export function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} "${value}" is not one of ${allowed.join(', ')}`);
}
