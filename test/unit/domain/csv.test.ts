import { describe, expect, it } from 'vitest';
import { toCsv } from '../../../src/domain/csv.js';

describe('toCsv', () => {
  it('quotes what needs quoting, with CRLF line ends', () => {
    expect(toCsv(['a', 'b'], [['x, y', 'say "hi"'], ['line\nbreak', null]])).toBe('a,b\r\n"x, y","say ""hi"""\r\n"line\nbreak",\r\n');
  });

  it('writes dates as ISO and numbers and booleans as they are', () => {
    expect(toCsv(['at', 'n', 'ok'], [[new Date('2026-01-02T03:04:05Z'), 3, false]])).toBe('at,n,ok\r\n2026-01-02T03:04:05.000Z,3,false\r\n');
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    const csv = toCsv(['v'], [['=1+1'], ['+SUM(A1)'], ['-2'], ['@cmd'], ['plain']]);
    expect(csv.split('\r\n').slice(1, 6)).toEqual(["'=1+1", "'+SUM(A1)", "'-2", "'@cmd", 'plain']);
    expect(toCsv(['n'], [[-2]])).toBe('n\r\n-2\r\n'); // a real negative number stays a number
  });
});
