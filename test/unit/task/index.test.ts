import { strict as assert } from 'node:assert';
import { TASK_IDS, taskById } from '../../../src/core/task/index';
import type { TaskId } from '../../../src/core/task/task';

describe('taskById', () => {
  it('gives each task under its own id', () => {
    assert.deepEqual([...TASK_IDS], ['gsm8k', 'math', 'mc']);
    for (const id of TASK_IDS) assert.equal(taskById(id).id, id);
  });

  it('names the known ids when a config asks for an unknown one', () => {
    assert.throws(() => taskById('gsm8' as TaskId), /unknown task "gsm8"; use one of gsm8k, math, mc/);
  });
});
