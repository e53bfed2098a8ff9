import { writeFileSync } from 'node:fs';

import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints one plain `N passed, M failed` line after the run (CI reads that line, not Vitest's
 * summary) and, when `TEST_COUNTS_FILE` is set, writes the counts as JSON for `.ci/run` to sum.
 * Counts test cases; a file that failed outside its tests (load error, failing hook) counts as
 * one failure.
 */
export default class CountReporter implements Reporter {
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<unknown>,
  ): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const testModule of testModules) {
      let failedHere = 0;
      for (const test of testModule.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failedHere += 1;
        else skipped += 1;
      }
      // A file that failed without a failing test (load error, failing beforeAll) still fails.
      failed += testModule.state() === 'failed' && failedHere === 0 ? 1 : failedHere;
    }
    const file = process.env.TEST_COUNTS_FILE;
    if (file) writeFileSync(file, JSON.stringify({ passed, failed, skipped }));
    process.stdout.write(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
