import * as fs from 'node:fs';
import * as path from 'node:path';
import { TEST_OUTPUT } from './paths';

/** Pass/fail counts of one test layer, written for scripts/test-all.mjs to add up. */
export interface LayerSummary {
  readonly layer: string;
  readonly passed: number;
  readonly failed: number;
}

/** Writes test-output/summary-<layer>.json. */
export function writeSummary(summary: LayerSummary): void {
  fs.mkdirSync(TEST_OUTPUT, { recursive: true });
  fs.writeFileSync(path.join(TEST_OUTPUT, `summary-${summary.layer}.json`), JSON.stringify(summary));
}

/** Collects mocha spec-reporter totals ("N passing", "N failing") from printed lines. */
export class MochaTally {
  passed = 0;
  failed = 0;

  /** Feeds one printed line. */
  line(text: string): void {
    const passing = /^\s*(\d+) passing\b/.exec(text);
    const failing = /^\s*(\d+) failing\b/.exec(text);
    if (passing) this.passed += Number(passing[1]);
    if (failing) this.failed += Number(failing[1]);
  }
}
