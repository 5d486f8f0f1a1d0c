/**
 * The real plans in ../shared/sample-plans. They are public documents written elsewhere, so they are
 * read from there, never copied here; tests that need them skip with a printed reason when absent.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SAMPLE_DIR = fileURLToPath(new URL('../../../shared/sample-plans/', import.meta.url));

/** Whether the samples are there; in CI (CI=true) their absence fails the run, as PostgreSQL's and Chromium's do. */
export function samplesPresent(): boolean {
  const present = existsSync(SAMPLE_DIR);
  if (!present && process.env.CI === 'true')
    throw new Error(
      `Sample plans not found at ${SAMPLE_DIR}: CI needs ../shared/sample-plans beside the clone.`,
    );
  if (!present)
    console.warn(`Sample plans not found at ${SAMPLE_DIR}: the tests that read them are skipped.`);
  return present;
}

export function sampleFiles(): string[] {
  return readdirSync(SAMPLE_DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort();
}

export function readSample(file: string): string {
  return readFileSync(SAMPLE_DIR + file, 'utf8');
}
