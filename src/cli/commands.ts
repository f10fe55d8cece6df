import type { Command } from './command';
import { datasetInspect } from './datasetInspect';
import { exportCommand } from './export';
import { grade } from './grade';
import { promptCheck } from './promptCheck';
import { runBatchCollect, runBatchSubmit } from './runBatch';
import { runCreate } from './runCreate';
import { runList } from './runList';
import { runAugment, runCorrect, runEvaluate, runSample } from './runStage';
import { runStatus } from './runStatus';
import { statsCommand } from './stats';

/** Every `mistakebook` command, in the order `--help` lists them. */
export const COMMANDS: readonly Command[] = [grade, datasetInspect, promptCheck, runCreate, runSample, runCorrect, runAugment, runEvaluate, runBatchSubmit, runBatchCollect, runList, runStatus, exportCommand, statsCommand];
