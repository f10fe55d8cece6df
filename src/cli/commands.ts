import { adjudicateCommand } from './adjudicate';
import { agreementCommand } from './agreement';
import { alias } from './aliases';
import { assignCommand } from './assign';
import { compareCommand } from './compare';
import type { Command } from './command';
import { datasetInspect } from './datasetInspect';
import { exportCommand } from './export';
import { experimentCommand } from './experiment';
import { grade } from './grade';
import { promptCheck } from './promptCheck';
import { rateCommand } from './rate';
import { runBatchCollect, runBatchSubmit } from './runBatch';
import { runCreate } from './runCreate';
import { runImport } from './runImport';
import { runList } from './runList';
import { runRegrade } from './runRegrade';
import { runAugment, runClassify, runCorrect, runCritique, runEvaluate, runSample } from './runStage';
import { runStatus } from './runStatus';
import { statsCommand } from './stats';

/** Every `mistakebook` command, in the order `--help` lists them. */
export const COMMANDS: readonly Command[] = [grade, datasetInspect, promptCheck, runCreate, runSample, runImport, runCorrect, runAugment, runEvaluate, runCritique, runClassify, runBatchSubmit, runBatchCollect, runList, runStatus, runRegrade, exportCommand, statsCommand, compareCommand,
  // Several raters (issue 18)
  rateCommand, adjudicateCommand, assignCommand, agreementCommand,
  // Issue 19: fine-tune and compare CoT-only against LEMA.
  experimentCommand,
  alias(runSample, ['sample']),
  alias(runImport, ['import']),
  alias(runCorrect, ['correct']),
  alias(runAugment, ['augment']),
  alias(runEvaluate, ['evaluate']),
  alias(runCritique, ['critique']),
  alias(runClassify, ['classify']),
  alias(runRegrade, ['regrade']),
  alias(runBatchSubmit, ['batch', 'submit']),
  alias(runBatchCollect, ['batch', 'collect']),
];
