import { newSerial, normalizeSerial, seedSerial } from '../../../subgraphs/funding/pass/pass-serial';
import { passDates } from '../../../subgraphs/funding/ledger-dates';
import { todayInParis } from '../../../subgraphs/shared/today';

const SERIAL = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;

describe('pass serials', () => {
  it('are 16 Crockford base-32 characters in four groups', () => {
    expect(newSerial()).toMatch(SERIAL);
    expect(seedSerial('seed:1:1')).toMatch(SERIAL);
  });

  it('do not repeat, and consecutive ones share no prefix to guess from', () => {
    const serials = Array.from({ length: 10_000 }, () => newSerial());
    expect(new Set(serials).size).toBe(serials.length);
    const sharedPrefixes = serials.slice(1).filter((s, i) => s.slice(0, 4) === serials[i].slice(0, 4));
    expect(sharedPrefixes.length).toBeLessThan(10);
  });

  it('are deterministic for seeds', () => {
    expect(seedSerial('seed:1:1')).toBe(seedSerial('seed:1:1'));
    expect(seedSerial('seed:1:1')).not.toBe(seedSerial('seed:1:2'));
  });

  it('read typed input leniently: case, spaces, dashes, O for 0 and I or L for 1', () => {
    expect(normalizeSerial(' 7k3m qx9p-2rtw h4vc ')).toBe('7K3M-QX9P-2RTW-H4VC');
    expect(normalizeSerial('OIL0-0000-0000-0000')).toBe('0110-0000-0000-0000');
    expect(normalizeSerial('7K3M-QX9P-2RTW')).toBeNull();
    expect(normalizeSerial('UUUU-UUUU-UUUU-UUUU')).toBeNull();
  });
});

describe('pass dates', () => {
  it('expire on 31 December of the year of issue, redeemable until 31 January after', () => {
    expect(passDates('2025-03-14')).toEqual({ expiresOn: '2025-12-31', redeemableUntil: '2026-01-31' });
    expect(passDates('2024-12-31')).toEqual({ expiresOn: '2024-12-31', redeemableUntil: '2025-01-31' });
  });

  it('count days in Europe/Paris', () => {
    expect(todayInParis(new Date('2025-12-31T23:30:00Z'))).toBe('2026-01-01');
    expect(todayInParis(new Date('2025-07-01T21:59:00Z'))).toBe('2025-07-01');
  });
});
