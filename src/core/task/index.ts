/** The tasks by id: a run's config names its task, and everything task-specific comes from here. */
import { gsm8kTask } from './gsm8k';
import { mathTask } from './math';
import { multipleChoiceTask } from './multipleChoice';
import type { Task, TaskId } from './task';

const TASKS: Record<TaskId, Task> = { gsm8k: gsm8kTask, math: mathTask, mc: multipleChoiceTask };

export const TASK_IDS: readonly TaskId[] = ['gsm8k', 'math', 'mc'];

/** The task for an id; an id read from a config file is checked here, since JSON is not typed. */
export function taskById(id: TaskId): Task {
  const task = TASKS[id] as Task | undefined;
  if (task === undefined) throw new Error(`unknown task "${String(id)}"; use one of ${TASK_IDS.join(', ')}`);
  return task;
}

export { explainVerdict, formatExplanation } from './explain';
export type { ExplainedVerdict, ReadAnswer, VerdictExplanation } from './task';
export { answerCheckerVersion } from './version';
