import type { CliCommand } from '../io';
import { annotationsCommand } from './annotations';
import { codebookCommand } from './codebook';
import { importPdfCommand } from './importPdf';
import { improvementsCommand } from './improvements';
import { parseCommand } from './parse';
import { tagCommand } from './tag';

/** Every `ilacs` command, in the order `ilacs --help` lists them. One file per command. */
export const commands: CliCommand[] = [parseCommand, codebookCommand, tagCommand, annotationsCommand, improvementsCommand, importPdfCommand];
