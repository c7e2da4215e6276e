import { describe, expect, it } from 'vitest';
import { errorFromResponse } from '../../../src/meta/classify.js';
import {
  MetaPermanentError,
  MetaRateLimitError,
  MetaTokenInvalidError,
  MetaTransientError,
  isObjectMissing,
} from '../../../src/meta/errors.js';
import { successSchema } from '../../../src/meta/schemas.js';

const TOKEN = 'EAABsecretTOKEN1234567890';

function classify(error: Record<string, unknown>, status = 400, headers: Record<string, string> = {}) {
  return errorFromResponse({ status, json: { error }, headers, path: 'GET /1/business_users', secrets: [TOKEN] });
}

describe('error classification', () => {
  it.each([190, 102])('code %i is an invalid token', (code) => {
    expect(classify({ code, error_subcode: 463, message: 'x' })).toBeInstanceOf(MetaTokenInvalidError);
  });

  it.each([4, 17, 32, 341, 613, 80000, 80004, 80009, 80014])('code %i is a rate limit', (code) => {
    expect(classify({ code, message: 'x' })).toBeInstanceOf(MetaRateLimitError);
  });

  it.each([1, 2])('code %i is transient (500)', (code) => {
    expect(classify({ code, message: 'x' }, 500)).toBeInstanceOf(MetaTransientError);
  });

  it('is_transient: true makes an otherwise unknown code transient', () => {
    expect(classify({ code: 3919, is_transient: true, message: 'x' })).toBeInstanceOf(MetaTransientError);
  });

  it.each([100, 200, 294, 368, 415, 3914, 10])('code %i is permanent', (code) => {
    expect(classify({ code, message: 'x' })).toBeInstanceOf(MetaPermanentError);
  });

  it('classifies by code, never by message text', () => {
    const a = classify({ code: 100, message: 'Session has expired, rate limit, try again' });
    const b = classify({ code: 190, message: 'Invalid parameter' });
    expect(a).toBeInstanceOf(MetaPermanentError);
    expect(b).toBeInstanceOf(MetaTokenInvalidError);
  });

  it('keeps code, subcode, trace id and status', () => {
    const error = classify({ code: 100, error_subcode: 33, fbtrace_id: 'AbC', message: 'Unsupported delete request.' });
    expect(error).toMatchObject({ code: 100, subcode: 33, fbtraceId: 'AbC', httpStatus: 400, path: 'GET /1/business_users' });
    expect(isObjectMissing(error)).toBe(true);
    expect(isObjectMissing(classify({ code: 100, message: 'x' }))).toBe(false);
  });

  it('says 3914 in plain words', () => {
    expect(classify({ code: 3914, message: '(#3914) It looks like…' })?.userMessage).toBe(
      'Meta refused: that would remove the last admin of this business. Make someone else an admin first.',
    );
  });

  it('gives every class a readable userMessage without codes jargon for tokens', () => {
    expect(classify({ code: 190, message: 'x' })?.userMessage).toMatch(/reconnect it with `\/hub connect`/);
    expect(classify({ code: 200, message: 'x' })?.userMessage).toMatch(/permission/);
    // Shown once Hubkeeper stopped trying: never a promise of a retry.
    for (const code of [0, 1, 2, 4, 17, 32, 613, 80004]) expect(classify({ code, message: 'x' })?.userMessage).not.toMatch(/will try again/i);
  });

  it('treats 5xx without an envelope and non-JSON 200s as transient, other 4xx as permanent', () => {
    const ctx = { headers: {}, path: 'GET /x', secrets: [] };
    expect(errorFromResponse({ ...ctx, status: 502, json: undefined })).toBeInstanceOf(MetaTransientError);
    expect(errorFromResponse({ ...ctx, status: 200, json: undefined })).toBeInstanceOf(MetaTransientError);
    expect(errorFromResponse({ ...ctx, status: 404, json: undefined })).toBeInstanceOf(MetaPermanentError);
    expect(errorFromResponse({ ...ctx, status: 200, json: { data: [] } })).toBeUndefined();
  });

  it('takes retryAfterMs from X-Business-Use-Case-Usage minutes', () => {
    const headers = {
      'x-business-use-case-usage': JSON.stringify({ 1: [{ type: 'ads_management', call_count: 100, estimated_time_to_regain_access: 7 }] }),
    };
    const error = classify({ code: 80004, error_subcode: 2446079, message: 'x' }, 400, headers) as MetaRateLimitError;
    expect(error.retryAfterMs).toBe(7 * 60_000);
  });

  it('takes retryAfterMs from X-Ad-Account-Usage reset seconds', () => {
    const headers = { 'x-ad-account-usage': JSON.stringify({ acc_id_util_pct: 100, reset_time_duration: 90 }) };
    expect((classify({ code: 17, message: 'x' }, 400, headers) as MetaRateLimitError).retryAfterMs).toBe(90_000);
  });

  it('never repeats the token Meta may echo back', () => {
    const error = classify({ code: 100, message: `Bad value access_token=${TOKEN} and ${TOKEN}` });
    expect(error?.message).not.toContain(TOKEN);
    expect(error?.message).toContain('[redacted]');
  });
});

describe('success bodies', () => {
  it('accepts true and "true", and reports false', () => {
    expect(successSchema.parse({ success: true }).success).toBe(true);
    expect(successSchema.parse({ success: 'true' }).success).toBe(true);
    expect(successSchema.parse({ success: false }).success).toBe(false);
  });
});
