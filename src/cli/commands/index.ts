import type { CliCommand } from '../io';
import { codebookCommand } from './codebook';
import { parseCommand } from './parse';

/** Every `ilacs` command, in the order `ilacs --help` lists them. One file per command. */
export const commands: CliCommand[] = [parseCommand, codebookCommand];
