import type { Command } from './command';
import { datasetInspect } from './datasetInspect';
import { grade } from './grade';
import { promptCheck } from './promptCheck';

/** Every `mistakebook` command, in the order `--help` lists them. */
export const COMMANDS: readonly Command[] = [grade, datasetInspect, promptCheck];
