import type { CliCommand } from '../io';
import { annotationsCommand } from './annotations';
import { codebookCommand } from './codebook';
import { exportCommand } from './export';
import { historyCommand } from './history';
import { importCommand } from './import';
import { importPdfCommand } from './importPdf';
import { improvementsCommand } from './improvements';
import { parseCommand } from './parse';
import { recurrencesCommand } from './recurrences';
import { tagCommand } from './tag';

/** Every `ilacs` command, in the order `ilacs --help` lists them. One file per command. */
export const commands: CliCommand[] = [parseCommand, codebookCommand, tagCommand, annotationsCommand, improvementsCommand, recurrencesCommand, historyCommand, exportCommand, importCommand, importPdfCommand];
