// Suite-wide contract check (vitest setupFiles): any Graph request, in any test file, that Meta's spec does
// not know (unknown node, edge, field or param, missing required param, wrong method, value outside an enum)
// or that the fake does not model fails that file. Tests that send bad requests on purpose take them back
// with `fake.takeViolations()`.
import { afterAll, afterEach, expect } from 'vitest';
import { drainContractViolations, type ContractViolation } from '../fakes/fake-meta.js';

const seen: Array<ContractViolation & { test: string }> = [];

afterEach((context) => {
  for (const v of drainContractViolations()) seen.push({ ...v, test: context.task.name });
});

afterAll(() => {
  for (const v of drainContractViolations()) seen.push({ ...v, test: '(after all tests)' });
  const lines = seen.splice(0).map((v) => `${v.test}: ${v.route}${v.nodeType ? ` on ${v.nodeType}` : ''} — ${v.reason}: ${v.message}`);
  expect(lines, 'Graph requests the Meta spec does not allow (see test/fakes/meta-graph-spec.json)').toEqual([]);
});
