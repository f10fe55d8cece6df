import { strict as assert } from 'node:assert';
import { LlmError } from '../../../src/core/llm/errors';

/** The LlmError `p` rejects with; fails the test when it resolves or rejects with anything else. */
export async function rejection(p: Promise<unknown>): Promise<LlmError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof LlmError, `expected an LlmError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the call to fail');
}
