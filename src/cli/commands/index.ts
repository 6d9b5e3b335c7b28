import type { CliCommand } from '../io';
import { agreementCommand } from './agreement';
import { annotationsCommand } from './annotations';
import { codebookCommand } from './codebook';
import { exportCommand } from './export';
import { historyCommand } from './history';
import { importCommand } from './import';
import { importPdfCommand } from './importPdf';
import { improvementsCommand } from './improvements';
import { mergeDriverCommand } from './mergeDriver';
import { parseCommand } from './parse';
import { recurrencesCommand } from './recurrences';
import { reportCommand } from './report';
import { tagCommand } from './tag';

/** Every `ilacs` command, in the order `ilacs --help` lists them. One file per command. */
export const commands: CliCommand[] = [parseCommand, reportCommand, codebookCommand, tagCommand, annotationsCommand, improvementsCommand, recurrencesCommand, historyCommand, exportCommand, importCommand, importPdfCommand, agreementCommand, mergeDriverCommand];
