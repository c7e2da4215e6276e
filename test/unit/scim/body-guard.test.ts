import { describe, expect, test } from 'vitest';
import { assertJsonDepth, assertStorableText, MAX_JSON_DEPTH } from '../../../src/scim/body-guard.js';

const refusal = (run: () => void) => {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('assertJsonDepth', () => {
  test('counts brackets outside strings only, escaped quotes included', () => {
    expect(refusal(() => assertJsonDepth(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`))).toBeUndefined();
    expect(refusal(() => assertJsonDepth(`{"a":"${'['.repeat(500)}\\"${'{'.repeat(500)}"}`))).toBeUndefined();
    expect(refusal(() => assertJsonDepth('['.repeat(MAX_JSON_DEPTH + 1)))).toMatchObject({ status: 400, scimType: 'invalidSyntax' });
    expect(refusal(() => assertJsonDepth(`{"a":"\\\\",${'['.repeat(MAX_JSON_DEPTH)}`))).toMatchObject({ scimType: 'invalidSyntax' });
  });
});

describe('assertStorableText', () => {
  test('finds a NUL or a lone surrogate in keys and values, and names where', () => {
    expect(refusal(() => assertStorableText({ a: [{ b: 'ok 😀' }] }))).toBeUndefined();
    expect(refusal(() => assertStorableText({ a: [{ b: 'x\u0000' }] }))).toMatchObject({ scimType: 'invalidValue', message: expect.stringContaining('"a[0].b"') });
    expect(refusal(() => assertStorableText({ ['k\u0000']: 1 }))).toMatchObject({ scimType: 'invalidValue' });
    expect(refusal(() => assertStorableText({ a: '\udc00' }))).toMatchObject({ message: expect.stringContaining('surrogate') });
  });
});
