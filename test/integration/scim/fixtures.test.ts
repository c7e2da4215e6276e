import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { groupScenarios } from './fixture-scenarios-groups.js';
import { userScenarios } from './fixture-scenarios-users.js';
import { existsSync } from 'node:fs';
import { fixtureFiles, loadFixture, resetDirectory, SHARED_FIXTURES_DIR } from './fixtures.js';
import { startScimServer, type ScimServer } from './scim-server.js';

/** Every recorded Okta/Entra request in shared/reference/scim-fixtures, replayed against the real server. */
const scenarios = { ...userScenarios, ...groupScenarios };

let server: ScimServer;
beforeAll(async () => {
  server = await startScimServer();
});
afterAll(async () => {
  await server?.close();
});
beforeEach(async () => {
  await resetDirectory(server.db);
  server.deactivated.length = 0;
});

test('every fixture has a replay scenario', () => {
  expect(Object.keys(scenarios).sort()).toEqual(fixtureFiles());
});

test.skipIf(!existsSync(SHARED_FIXTURES_DIR))('the copied fixtures match shared/reference/scim-fixtures', () => {
  expect(fixtureFiles()).toEqual(fixtureFiles(SHARED_FIXTURES_DIR));
  for (const file of fixtureFiles()) expect(loadFixture(file)).toEqual(loadFixture(file, SHARED_FIXTURES_DIR));
});

describe('fixture replay', () => {
  for (const [file, scenario] of Object.entries(scenarios)) {
    test(file, () => scenario(server, loadFixture(file)));
  }
});
