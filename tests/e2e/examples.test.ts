import request from 'supertest';
import { readExamples, type Example } from '../../gateway/examples';
import { exampleHeaders } from '../helpers/auth';
import { startHub, type Hub } from '../helpers/hub';

/**
 * Every example under examples/ runs through the gateway with a token of its role, and its answer has the
 * property that makes it worth showing: an example can never rot unnoticed.
 */
let hub: Hub;
const examples = readExamples();
const byKey = new Map(examples.map((e) => [`${e.user}/${e.name}`, e]));

beforeAll(async () => {
  hub = await startHub();
});

afterAll(async () => {
  await hub?.stop();
});

async function run(example: Example) {
  const headers = await exampleHeaders(example);
  const res = await hub.query(example.query, example.variables, headers);
  expect(res.errors).toBeUndefined();
  expect(res.status).toBe(200);
  return res.data;
}

const nodes = (connection: { edges: { node: any }[] }) => connection.edges.map((e) => e.node);

/** What each example must show; a new example without a check fails the last test. */
const checks: Record<string, (data: any, example: Example) => void> = {
  'map/bbox-geojson': (data, { variables }) => {
    const { south, west, north, east } = variables!.bbox as Record<string, number>;
    expect(data.placesGeoJson.type).toBe('FeatureCollection');
    expect(data.placesGeoJson.features.length).toBeGreaterThan(0);
    for (const feature of data.placesGeoJson.features) {
      const [longitude, latitude] = feature.geometry.coordinates;
      expect(latitude).toBeGreaterThanOrEqual(south);
      expect(latitude).toBeLessThanOrEqual(north);
      expect(longitude).toBeGreaterThanOrEqual(west);
      expect(longitude).toBeLessThanOrEqual(east);
    }
  },
  'map/near-me': (data, { variables }) => {
    const distances = data.places.edges.map((e: { distanceMeters: number }) => e.distanceMeters);
    expect(distances.length).toBeGreaterThan(0);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(Math.max(...distances)).toBeLessThanOrEqual((variables!.radiusKm as number) * 1000);
  },
  'map/open-now': (data) => {
    const places = nodes(data.places);
    expect(places.length).toBeGreaterThan(0);
    for (const place of places) {
      expect(place.isOpenAt).toBe(true);
      expect(place.services).toContain('AIDE_AUX_DEMARCHES_ADMINISTRATIVES');
    }
  },
  'directory/place-list': (data) => {
    const places = nodes(data.places);
    expect(places.length).toBeGreaterThan(0);
    expect(data.places.totalCount).toBeGreaterThanOrEqual(places.length);
    for (const place of places) expect(place.acceptsPassNumerique).toBe(true);
  },
  'directory/place-card': (data, { variables }) => {
    expect(data.place.id).toBe(variables!.id);
    expect(data.place.name).toBeTruthy();
    expect(data.place.commune.epci.name).toBeTruthy();
    expect(data.place.organization.name).toBeTruthy();
  },
  'partner/own-organization': (data, { org }) => {
    expect(data.organization.id).toBe(org);
    expect(data.organization.places.length).toBeGreaterThan(0);
    expect(data.organization.staff.length).toBeGreaterThan(0);
    // Its own staff's personal data is readable with its own token (hidden from anyone else).
    for (const person of data.organization.staff) expect(person.lastName).toBeTruthy();
  },
  'analyst/territory-joins': (data) => {
    const epcis = data.departement.epcis;
    expect(epcis.length).toBeGreaterThan(1);
    const sum = (f: (e: any) => number) => epcis.reduce((total: number, e: any) => total + f(e), 0);
    // One answer from each of the four subgraphs.
    expect(sum((e) => e.placeStats.places)).toBeGreaterThan(0);
    expect(sum((e) => e.mediationStats.conseillers)).toBeGreaterThan(0);
    expect(sum((e) => e.trainingStats.sessionsHeld)).toBeGreaterThan(0);
    expect(sum((e) => e.passStats.passesIssued)).toBeGreaterThan(0);
  },
  'analyst/places-people-sessions': (data) => {
    const places = nodes(data.places);
    expect(places.some((p) => p.conseillers.length > 0)).toBe(true);
    const sessions = places.flatMap((p) => p.upcomingSessions);
    expect(sessions.length).toBeGreaterThan(0);
    for (const session of sessions) expect(session.offer.provider.name).toBeTruthy();
  },
  'prefecture/fne-report': (data) => {
    const { departement } = data;
    expect(departement.placeStats.places).toBeGreaterThan(0);
    expect(departement.epcis.flatMap((e: any) => e.communes)).toHaveLength(319);
    const sum = (f: (e: any) => number) =>
      departement.epcis.reduce((total: number, e: any) => total + f(e), 0);
    expect(sum((e) => e.placeStats.places)).toBe(departement.placeStats.places);
    expect(sum((e) => e.mediationStats.accompaniments)).toBeGreaterThan(0);
    expect(sum((e) => e.trainingStats.sessionsHeld)).toBeGreaterThan(0);
    expect(sum((e) => e.passStats.passesIssued)).toBeGreaterThan(0);
  },
  'prefecture/report-fne-by-epci': (data) => {
    const { departement } = data;
    expect(departement.epcis).toHaveLength(12);
    const coverage = departement.serviceCoverage;
    expect(coverage.communes).toBe(319);
    expect(coverage.communesWithout).toBeLessThanOrEqual(coverage.communes);
    for (const epci of departement.epcis) {
      // Each row is one EPCI of the spine, the four domains side by side, each with its own stable id.
      expect(epci.placeStats.id).toContain(epci.siren);
      expect(epci.mediationStats.id).toContain(epci.siren);
      expect(epci.trainingStats.id).toContain(epci.siren);
      expect(epci.passStats.id).toContain(epci.siren);
      const byKind = epci.placeStats.byKind.reduce((total: number, k: any) => total + k.count, 0);
      expect(byKind).toBe(epci.placeStats.places);
    }
    const accompaniments = departement.epcis.reduce(
      (t: number, e: any) => t + e.mediationStats.accompaniments,
      0,
    );
    expect(accompaniments).toBeGreaterThan(0);
  },
  'prefecture/report-fne-monthly': (data, { variables }) => {
    const { departement } = data;
    // Every month of the year, in order, zeros included; places by quarter.
    const months = (series: { from: string }[]) => series.map((b) => b.from.slice(0, 7));
    const year = String(variables!.from).slice(0, 4);
    const expected = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
    expect(months(departement.mediationStatsSeries)).toEqual(expected);
    expect(months(departement.trainingStatsSeries)).toEqual(expected);
    expect(months(departement.passStatsSeries)).toEqual(expected);
    expect(departement.placeStatsSeries).toHaveLength(4);
    const total = departement.mediationStatsSeries.reduce(
      (t: number, b: any) => t + b.stats.accompaniments,
      0,
    );
    expect(total).toBeGreaterThan(0);
  },
  'partner/report-staff-activity': (data, { org }) => {
    const stats = data.organization.staffMediationStats;
    expect(data.organization.id).toBe(org);
    expect(stats.accompaniments).toBeGreaterThan(0);
    // The breakdowns add up to the total.
    const sum = (rows: { accompaniments: number }[]) => rows.reduce((t, r) => t + r.accompaniments, 0);
    expect(stats.individualAccompaniments + stats.collectiveAccompaniments).toBe(stats.accompaniments);
    expect(sum(stats.byAgeBand)).toBeLessThanOrEqual(stats.accompaniments);
  },
  'partner/dashboard': (data, { org }) => {
    const o = data.organization;
    expect(o.id).toBe(org);
    expect(o.placeStats.places).toBeGreaterThan(0);
    expect(o.staffMediationStats.conseillers).toBeGreaterThan(0);
    expect(o.trainingStats.sessionsHeld).toBeGreaterThan(0);
    // Every month of the period, in order, adding up to the period's figures.
    expect(o.trainingStatsSeries.map((b: { from: string }) => b.from.slice(0, 7))).toEqual(
      Array.from({ length: 10 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`),
    );
    const total = o.trainingStatsSeries.reduce((t: number, b: any) => t + b.stats.sessionsHeld, 0);
    expect(total).toBe(o.trainingStats.sessionsHeld);
  },
  'cofunder/statement': (data, { org, variables }) => {
    const statement = data.fundingProgram.cofunderStatement;
    expect(statement.funder.id).toBe(org);
    expect(statement.issuedCents).toBeGreaterThan(0);
    expect(statement.months).toHaveLength(12);
    // Its part is its share of the whole, to the cent (a cent per month at most), and its months add up.
    expect(
      Math.abs(statement.issuedCents - statement.programme.issuedCents * statement.share),
    ).toBeLessThanOrEqual(12);
    expect(statement.months.reduce((t: number, m: { issuedCents: number }) => t + m.issuedCents, 0)).toBe(
      statement.issuedCents,
    );
    expect(statement.id).toContain(`${variables!.from}..${variables!.to}`);
  },
  'cofunder/expiry-forecast': (data) => {
    const forecast = data.fundingProgram.expiryForecast;
    // The seeded 2026 passes still unused expire on 31 December 2026: within 60 days until 1 November 2026 and
    // redeemable until 31 January 2027; outside that window the forecast is empty, and says so with zeros.
    const sum = (rows: { passes: number }[]) => rows.reduce((t, r) => t + r.passes, 0);
    expect(sum(forecast.byEpci)).toBe(forecast.passes);
    expect(sum(forecast.byPrescriber)).toBeLessThanOrEqual(forecast.passes);
    if (forecast.asOf >= '2026-11-01' && forecast.asOf <= '2027-01-31')
      expect(forecast.passes).toBeGreaterThan(0);
    for (const row of forecast.rows) expect(row.expiresOn <= forecast.until).toBe(true);
  },
  'pass-numerique/carnets': (data, { org }) => {
    const carnets = nodes(data.carnets);
    expect(carnets.length).toBeGreaterThan(0);
    for (const carnet of carnets) {
      // A partner sees only the carnets its own organization prescribed.
      expect(carnet.prescriber.id).toBe(org);
      expect(carnet.passes).toHaveLength(carnet.passCount);
    }
  },
  'pass-numerique/redemptions': (data, { org }) => {
    const redemptions = data.organization.passRedemptions;
    expect(redemptions.length).toBeGreaterThan(0);
    for (const redemption of redemptions) {
      expect(redemption.trainer.id).toBe(org);
      expect(redemption.pass.status).toBe('REDEEMED');
      expect(redemption.valueCents).toBeGreaterThan(0);
    }
  },
  'pass-numerique/programme-budget': (data) => {
    expect(data.fundingPrograms.length).toBeGreaterThan(0);
    for (const program of data.fundingPrograms) {
      expect(program.leftCents).toBe(program.budgetCents - program.issuedCents);
      expect(program.redeemedCents).toBeLessThanOrEqual(program.issuedCents);
    }
  },
};

describe('the examples of examples/', () => {
  it('cover every user of the hub', () => {
    const users = new Set(examples.map((e) => e.user));
    for (const user of ['map', 'directory', 'partner', 'analyst', 'prefecture', 'pass-numerique']) {
      expect(users).toContain(user);
    }
  });

  it.each([...byKey.keys()])('%s runs as its role and shows what it is for', async (key) => {
    const example = byKey.get(key)!;
    const check = checks[key];
    expect(check).toBeDefined();
    check(await run(example), example);
  });

  it('each have a check here', () => {
    expect(Object.keys(checks).sort()).toEqual([...byKey.keys()].sort());
  });
});

describe('the vocabularies route of the gateway', () => {
  it('answers every enum with its French labels, without introspection', async () => {
    const res = await request(hub.gateway.http).get('/vocabularies');
    expect(res.status).toBe(200);
    const themes = res.body.find((v: any) => v.name === 'ActivityTheme');
    expect(themes.values).toContainEqual({
      key: 'ARGENT_IMPOTS',
      label: 'Argent - Impôts',
      code: 'argent_impots',
    });
  });
});
