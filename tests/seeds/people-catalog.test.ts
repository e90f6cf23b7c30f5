import { stableId } from '../../seeds/ids';
import { seedOrganizations, seedPlaces } from '../../seeds/catalog';
import { seedPeople, seedPermanences } from '../../seeds/catalog/people';
import { ACTIVITY_PERIOD, activityRows } from '../../seeds/people.seeder';
import { openingHoursError } from '../../subgraphs/shared/opening-hours';
import { territoryReference } from '../../subgraphs/shared/territory';

const people = seedPeople();
const byRole = (role: string) => people.filter((p) => p.role === role);

describe('the seed catalog of people', () => {
  it('holds 39 conseillers with the ids other subgraphs rely on', () => {
    const conseillers = byRole('CONSEILLER_NUMERIQUE');
    expect(conseillers.map((p) => p.id)).toEqual(
      Array.from({ length: 39 }, (_, i) =>
        stableId('person', `conseiller-${String(i + 1).padStart(2, '0')}`),
      ),
    );
  });

  it('employs 4 conseillers at the Département, 3 at LGNum, the rest at communes, EPCIs and private structures', () => {
    const kinds = new Map(seedOrganizations().map((o) => [o.key, o.kind]));
    const employers = byRole('CONSEILLER_NUMERIQUE').map((p) => p.employerKey);
    expect(employers.filter((k) => k === 'departement-47')).toHaveLength(4);
    expect(employers.filter((k) => k === 'lgnum')).toHaveLength(3);
    const rest = employers.filter((k) => k !== 'departement-47' && k !== 'lgnum').map((k) => kinds.get(k));
    expect(new Set(rest)).toEqual(new Set(['COMMUNE', 'EPCI', 'ASSOCIATION', 'TRAINING_ORGANIZATION']));
  });

  it('numbers a few hundred aidants on three digits, across professions', () => {
    const aidants = byRole('AIDANT_NUMERIQUE');
    expect(aidants.length).toBeGreaterThanOrEqual(250);
    expect(aidants.length).toBeLessThan(1000);
    aidants.forEach((p, i) =>
      expect(p.id).toBe(stableId('person', `aidant-${String(i + 1).padStart(3, '0')}`)),
    );
    expect(new Set(aidants.map((p) => p.profession)).size).toBe(8);
    const habilitated = aidants.filter((p) => p.habilitatedOn).length;
    expect(habilitated).toBeGreaterThan(20);
    expect(habilitated).toBeLessThan(aidants.length / 2);
  });

  it('posts the conseillers to CMS, the Médiathèque départementale and other places', () => {
    const postings = byRole('CONSEILLER_NUMERIQUE').flatMap((p) => p.postings);
    expect(postings.filter((k) => k.startsWith('cms:')).length).toBeGreaterThanOrEqual(4);
    expect(postings).toContain('mediatheque-departementale');
  });

  it('places every person in a commune of the territory, with known employers and unique .example e-mails', () => {
    const organizations = new Set(seedOrganizations().map((o) => o.id));
    const territory = territoryReference();
    for (const p of people) {
      expect(territory.isCommune(p.inseeCode)).toBe(true);
      expect(organizations.has(p.employerId)).toBe(true);
    }
    const emails = people.flatMap((p) => (p.email ? [p.email] : []));
    expect(new Set(emails).size).toBe(emails.length);
    expect(emails.every((e) => e.endsWith('@declic47.example'))).toBe(true);
  });

  it('gives weekly permanences with valid opening hours at catalog places', () => {
    const places = new Set(seedPlaces().map((p) => p.id));
    const permanences = seedPermanences();
    expect(permanences.length).toBeGreaterThan(39);
    for (const p of permanences) {
      expect(openingHoursError(p.openingHours)).toBeNull();
      expect(places.has(p.placeId)).toBe(true);
    }
    const conseillers = new Set(byRole('CONSEILLER_NUMERIQUE').map((p) => p.id));
    expect(new Set(permanences.filter((p) => conseillers.has(p.personId)).map((p) => p.personId)).size).toBe(
      39,
    );
  });

  it('generates about a year of activity reports, identically every time', () => {
    const rows = activityRows();
    expect(activityRows()).toEqual(rows);
    expect(rows.length).toBeGreaterThan(5000);
    const dates = rows.map((r) => r.date as string).sort();
    expect(dates[0] >= ACTIVITY_PERIOD.from && dates[dates.length - 1] <= ACTIVITY_PERIOD.to).toBe(true);
    for (const r of rows) {
      expect(r.place_id !== null).toBe(r.location_type === 'lieu_activite');
      if (r.type !== 'collectif') expect(r.participants_count).toBe(1);
    }
  });
});
