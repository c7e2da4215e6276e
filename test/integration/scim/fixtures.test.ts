import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { groupScenarios } from './fixture-scenarios-groups.js';
import { userScenarios } from './fixture-scenarios-users.js';
import { fixtureFiles, loadFixture, resetDirectory } from './fixtures.js';
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

describe('fixture replay', () => {
  for (const [file, scenario] of Object.entries(scenarios)) {
    test(file, () => scenario(server, loadFixture(file)));
  }
});
