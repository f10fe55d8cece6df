import { strict as assert } from 'node:assert';
import { formatDiagnostic } from '../../../src/core/diagnostic';

describe('formatDiagnostic', () => {
  it('puts file, line and column first so editors can jump to it', () => {
    assert.equal(
      formatDiagnostic({ file: 'a.jsonl', line: 3, column: 7, severity: 'error', message: 'bad JSON' }),
      'a.jsonl:3:7: error: bad JSON',
    );
    assert.equal(formatDiagnostic({ file: 'a.jsonl', line: 3, severity: 'warning', message: 'x' }), 'a.jsonl:3: warning: x');
  });
});
