// `npm run demo` plays every flow against the built-in fakes with no credentials: run it as a person would and
// check each act is there, in the words a person reads, and that it stays quick.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../support/database.js';

let output = '';
let exitCode: number | null = null;
let took = 0;
let database: Awaited<ReturnType<typeof freshDatabase>>;

beforeAll(async () => {
  database = await freshDatabase('hubkeeper_demo_test');
  const started = Date.now();
  // No Slack, Meta or SCIM secret in the environment: the demo makes its own for its fakes.
  const env = { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', DEMO_DATABASE_URL: database.url };
  await new Promise<void>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/demo/index.ts'], { env });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      exitCode = code;
      resolve();
    });
  });
  took = Date.now() - started;
}, 120_000);
afterAll(async () => {
  await database?.drop();
});

const act = (title: RegExp) => {
  const start = output.search(title);
  expect(start, `the demo shows ${title}`).toBeGreaterThanOrEqual(0);
  const next = output.indexOf('\n▶ ', start + 1);
  return output.slice(start, next < 0 ? undefined : next);
};

describe('npm run demo', () => {
  it('finishes on its own, quickly, with no credentials', () => {
    expect(exitCode, output.slice(-2000)).toBe(0);
    expect(output).toMatch(/Done: \d+ requests reached the fake Meta/);
    // About 40 s alone (most of it the directory's 5 s coalescing of SCIM bursts); the margin is for a loaded machine.
    expect(took).toBeLessThan(90_000);
  });

  it('shows SCIM deactivation → deprovision report → owner approves → removal at Meta', () => {
    expect(act(/Okta sends SCIM PATCH active=false/)).toContain('*Deprovision report* for *Acme Ads*: 1 waiting for a decision');
    expect(act(/Ada owns the hub and clicks Approve/)).toMatch(/Meta received: DELETE \/\d+ → 200/);
    expect(output).toContain('The deprovision report for *Acme Ads* is closed: 1 removed.');
  });

  it('shows the safeguard holding a large report, with nothing sent to Meta', () => {
    const held = act(/The removal safeguard holds the report/);
    expect(held).toContain('*Held by the removal safeguard.*');
    expect(held).toContain('Removals sent to Meta since the deactivations: 0.');
  });

  it('shows an IdP group mapped to the hub inviting the people who join it', () => {
    expect(act(/maps it to Acme Ads/)).toContain('Mapped *Marketing* to *Acme Ads* as Employee.');
    const invited = act(/Hubkeeper invites them/);
    expect(invited).toContain('Invited 2 people to *Acme Ads* as Employee (work accounts): nora.park@acme.example, omar.haddad@acme.example.');
    expect(invited).toContain('joined the identity-provider group *Marketing*');
  });

  it('shows the Home tab as text, /hub settings and /hub owners', () => {
    const home = act(/Home tab/);
    expect(home).toMatch(/\*Acme Ads\* · Single sign-on · last checked/);
    expect(home).toMatch(/\*Members:\* \d+ onboarded/);
    expect(act(/types \/hub owners/)).toContain('• @ada — connected the hub');
    expect(act(/types \/hub settings/)).toContain('Removal safeguard (% of members)');
  });

  it('says what each task did, in words whose numbers agree with their nouns', () => {
    expect(act(/types \/hub tasks/)).toMatch(/Acme Ads checked: \d+ members \(\d+ unmatched\), \d+ new, \d+ gone/);
    expect(output).not.toMatch(/\b1 (guests|members|people|removals|events)\b/);
    expect(output).not.toContain('personal profile');
    expect(output).toMatch(/match no work account in the directory/);
  });
});
