import { createRequire } from 'node:module';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

// The floors and their rules live in .dependency-cruiser.cjs (see ARCHITECTURE.md); this runs them in npm test.
const config = createRequire(import.meta.url)('../../../.dependency-cruiser.cjs') as IConfiguration;

async function violations(paths: string[], baseDir?: string) {
  const options = baseDir ? { ...config.options, baseDir, tsConfig: undefined, exclude: undefined } : config.options;
  const { output } = await cruise(paths, { ...options, ruleSet: { forbidden: config.forbidden }, validate: true });
  const result = output as ICruiseResult;
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (${v.cycle.map((c) => c.name).join(' → ')})` : ''}`);
}

describe('the house', () => {
  it('has no upward import, no door leaning on another, no SQL in a door and no cycle', async () => {
    expect(await violations(['src', 'db'])).toEqual([]);
  }, 60_000);

  it('refuses an upward import when one appears', async () => {
    // A service that imports a block builder is exactly what the rules exist to catch.
    const found = await violations(['src'], 'test/unit/architecture/fixture');
    expect(found.some((line) => line.startsWith('services-do-not-reach-up:'))).toBe(true);
  }, 60_000);
});
