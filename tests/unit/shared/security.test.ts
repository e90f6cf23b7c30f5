import { openingHoursError, MAX_OPENING_HOURS_LENGTH } from '../../../subgraphs/shared/opening-hours';
import { redact } from '../../../common/redact';
import {
  gatewayOnly,
  SIGNATURE_HEADER,
  signer,
  signRequest,
  verifySignature,
} from '../../../common/gateway-signature';
import type { IncomingMessage, ServerResponse } from 'node:http';

const OLD = 'o'.repeat(32);
const NEW = 'n'.repeat(32);

describe('the gateway signature', () => {
  it('is accepted fresh, bound to the caller’s Authorization header', () => {
    const header = signRequest({ current: NEW }, 'Bearer abc');
    expect(verifySignature({ current: NEW }, header, 'Bearer abc')).toBe(true);
    expect(verifySignature({ current: NEW }, header, 'Bearer other')).toBe(false);
    expect(verifySignature({ current: NEW }, header, '')).toBe(false);
  });

  it('is refused after its lifetime, from the future, or made with another key', () => {
    const stale = signRequest({ current: NEW }, '', 'r1', Date.now() - 120_000);
    expect(verifySignature({ current: NEW }, stale)).toBe(false);
    const future = signRequest({ current: NEW }, '', 'r1', Date.now() + 120_000);
    expect(verifySignature({ current: NEW }, future)).toBe(false);
    expect(verifySignature({ current: NEW }, signRequest({ current: 'x'.repeat(32) }))).toBe(false);
    expect(verifySignature({ current: NEW }, undefined)).toBe(false);
    expect(verifySignature({ current: NEW }, 'v1,1,2,3')).toBe(false);
  });

  it('accepts the previous key during a rotation, and only then', () => {
    const signedWithOld = signRequest({ current: OLD });
    expect(verifySignature({ current: NEW, previous: OLD }, signedWithOld)).toBe(true);
    expect(verifySignature({ current: NEW }, signedWithOld)).toBe(false);
  });

  it('reuses a signature for one Authorization within a second, never for another token or second', () => {
    let now = 1_800_000_000_000;
    const sign = signer({ current: NEW }, () => now);
    const first = sign('Bearer abc');
    expect(sign('Bearer abc')).toBe(first);
    const other = sign('Bearer other');
    expect(other).not.toBe(first);
    expect(verifySignature({ current: NEW }, other, 'Bearer other', now)).toBe(true);
    expect(verifySignature({ current: NEW }, first, 'Bearer other', now)).toBe(false);
    now += 1000;
    const next = sign('Bearer abc');
    expect(next).not.toBe(first);
    expect(verifySignature({ current: NEW }, next, 'Bearer abc', now)).toBe(true);
    // A flood of tokens within one second keeps at most a thousand signatures.
    for (let i = 0; i < 2500; i++)
      expect(verifySignature({ current: NEW }, sign(`Bearer ${i}`), `Bearer ${i}`, now)).toBe(true);
  });

  it('lets a subgraph remember a valid signature until its lifetime ends, for its own token only', () => {
    const filter = gatewayOnly({ keys: { current: NEW } });
    const refused: number[] = [];
    const call = (headers: Record<string, string>) => {
      const res = {
        writeHead: (status: number) => refused.push(status),
        end: () => undefined,
      } as unknown as ServerResponse;
      return filter({ method: 'POST', headers } as IncomingMessage, res, new URL('http://s/graphql'));
    };
    const start = Date.now();
    const now = jest.spyOn(Date, 'now').mockReturnValue(start);
    try {
      const header = signRequest({ current: NEW }, 'Bearer abc', 'r1', start);
      expect(call({ [SIGNATURE_HEADER]: header, authorization: 'Bearer abc' })).toBe(false);
      expect(call({ [SIGNATURE_HEADER]: header, authorization: 'Bearer abc' })).toBe(false);
      expect(call({ [SIGNATURE_HEADER]: header, authorization: 'Bearer other' })).toBe(true);
      expect(call({ [SIGNATURE_HEADER]: header })).toBe(true);
      now.mockReturnValue(start + 59_000);
      expect(call({ [SIGNATURE_HEADER]: header, authorization: 'Bearer abc' })).toBe(false);
      now.mockReturnValue(start + 62_000);
      expect(call({ [SIGNATURE_HEADER]: header, authorization: 'Bearer abc' })).toBe(true);
      expect(refused).toEqual([401, 401, 401]);
    } finally {
      now.mockRestore();
    }
  });
});

describe('opening hours', () => {
  it('refuses a value over the limit before parsing it, in no time', () => {
    const started = performance.now();
    expect(openingHoursError('Mo 09:00-12:00; '.repeat(70_000))).toMatch(/at most 500 characters/);
    expect(performance.now() - started).toBeLessThan(200);
    expect(openingHoursError('Mo-Fr 09:00-12:00'.padEnd(MAX_OPENING_HOURS_LENGTH + 1, ' '))).toMatch(
      /at most/,
    );
    expect(openingHoursError('Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00')).toBeNull();
  });
});

describe('log redaction', () => {
  it('keeps the failure and the names, never the row', () => {
    const message = [
      `update "place" set "latitude" = NULL, "name" = 'Le Wez' where "id" = 'ce2a947b' - new row for relation "place" violates check constraint "place_coordinates_check"`,
      ' - detail: Failing row contains (ce2a947b, Jean Dupont, jean@example.org, +33553000000).',
    ].join('\n');
    const text = redact(message);
    expect(text).toMatch(/violates check constraint "place_coordinates_check"/);
    expect(text).toMatch(/"latitude" = NULL/);
    expect(text).not.toMatch(/Le Wez|ce2a947b|Jean|jean@example|33553000000/);
  });
});
