import type { CliCommand } from '../io';

/** Every `ilacs` command, in the order `ilacs --help` lists them. One file per command. */
export const commands: CliCommand[] = [];
