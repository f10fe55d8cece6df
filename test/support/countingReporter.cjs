// mocha's spec reporter, plus the totals written to $MB_RESULTS_FILE for test/run-all.ts to add up.
const Mocha = require('mocha');
const { writeFileSync } = require('node:fs');

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.MB_RESULTS_FILE;
      const { passes = 0, failures = 0, pending = 0 } = runner.stats || {};
      if (file) writeFileSync(file, JSON.stringify({ passed: passes, failed: failures + pending }));
    });
  }
}
module.exports = CountingReporter;
