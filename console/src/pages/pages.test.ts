import { describe, expect, it } from 'vitest';
import { retryAfterSeconds } from './common';
import { monthPeriod } from './Statement';
import { nextQrRead } from './ChannelLink';

describe('what the pages compute', () => {
  it('reads a month as the period of a statement, across a year end', () => {
    expect(monthPeriod('2026-12')).toEqual({ from: '2026-12-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' });
    expect(monthPeriod('2027-02')).toEqual({ from: '2027-02-01T00:00:00.000Z', to: '2027-03-01T00:00:00.000Z' });
  });

  it('waits only for a Retry-After that is a number of seconds', () => {
    const answer = (value?: string) => new Response(null, { status: 503, headers: value === undefined ? {} : { 'Retry-After': value } });
    expect(retryAfterSeconds(answer('12'))).toBe(12);
    expect(retryAfterSeconds(answer('0'))).toBe(0);
    expect(retryAfterSeconds(answer())).toBeUndefined();
    expect(retryAfterSeconds(answer('-3'))).toBeUndefined();
    expect(retryAfterSeconds(answer('Wed, 21 Oct 2026 07:28:00 GMT'))).toBeUndefined();
    expect(retryAfterSeconds(answer(''))).toBeUndefined();
    expect(retryAfterSeconds(answer('1e9'))).toBe(1e9);
  });

  it('reads the QR again before the one shown expires, and after a refusal when it says', () => {
    expect(nextQrRead({ lifetime: 20 })).toBe(15);
    expect(nextQrRead({})).toBe(15); // WHAPI said no lifetime: its usual 20 s
    expect(nextQrRead({ lifetime: 3 })).toBe(2); // never a busy loop
    expect(nextQrRead({ lifetime: 3600 })).toBe(60); // nor a QR left for an hour
    expect(nextQrRead({ refused: true })).toBe(3);
    expect(nextQrRead({ refused: true, retryAfter: 27 })).toBe(27); // the channel restarts for 27 s more
    expect(nextQrRead({ refused: true, retryAfter: 0 })).toBe(2);
  });
});
