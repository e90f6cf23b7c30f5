import communesFile from '../../reference/communes-47.json';
import { ORGANIZATION_KINDS, ORGANIZATION_ROLES } from '../../reference/organization-vocabularies';
import {
  VARIANT_SPELLINGS,
  buildOrganizations,
  buildPlaces,
  referenceCommunes,
  referenceEpcis,
  seedOrganizations,
  seedPlaces,
  type SeedPlace,
} from '../../seeds/catalog';
import { stableId } from '../../seeds/ids';
import { openingHoursError } from '../../subgraphs/shared/opening-hours';
import { isValidRna, isValidSiret } from '../../subgraphs/shared/siret';
import {
  DISPOSITIF_PROGRAMMES_NATIONAUX,
  FORMATIONS_LABELS,
  FRAIS_A_CHARGE,
  ITINERANCE,
  MODALITES_ACCES,
  MODALITES_ACCOMPAGNEMENT,
  PRISE_EN_CHARGE_SPECIFIQUE,
  PUBLICS,
  SERVICES,
  TYPOLOGIES,
  type Vocabulary,
} from '../../subgraphs/places/place/vocabularies';

const communes = referenceCommunes();
const communeByInsee = new Map(communes.map((c) => [c.code_insee, c]));
const organizations = seedOrganizations();
const orgByKey = new Map(organizations.map((o) => [o.key, o]));
const places = seedPlaces();
const placeByKey = new Map(places.map((p) => [p.key, p]));

/** The standard's telephone pattern (schema.json, field telephone). */
const TELEPHONE = /^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)(\d){6,9}$/;

/** The `|`-separated fields and the vocabulary each one draws from. */
const VOCABULARY_FIELDS: [keyof SeedPlace, Vocabulary][] = [
  ['services', SERVICES],
  ['itinerance', ITINERANCE],
  ['publics_specifiquement_adresses', PUBLICS],
  ['prise_en_charge_specifique', PRISE_EN_CHARGE_SPECIFIQUE],
  ['frais_a_charge', FRAIS_A_CHARGE],
  ['dispositif_programmes_nationaux', DISPOSITIF_PROGRAMMES_NATIONAUX],
  ['formations_labels', FORMATIONS_LABELS],
  ['modalites_acces', MODALITES_ACCES],
  ['modalites_accompagnement', MODALITES_ACCOMPAGNEMENT],
];

/** What the import does to a label before matching it: apostrophes, spaces, the Étapes numériques variant. */
function normaliseLabel(label: string): string {
  const folded = label.replace(/[’‘]/g, "'").replace(/\s+/g, ' ').trim();
  return folded === 'Étapes numériques (La Poste)' ? 'Étapes numériques(La Poste)' : folded;
}

function labels(place: SeedPlace, field: keyof SeedPlace): string[] {
  const value = place[field];
  return typeof value === 'string' && value !== '' ? value.split('|') : [];
}

function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(a));
}

const withRole = (role: string) => organizations.filter((o) => (o.roles as string[]).includes(role));

describe('reference communes', () => {
  it('has the 319 communes of département 47 and their 12 EPCIs', () => {
    expect(communes).toHaveLength(319);
    expect(new Set(communes.map((c) => c.code_insee)).size).toBe(319);
    expect(communes.every((c) => c.departement === '47' && /^47\d{3}$/.test(c.code_insee))).toBe(true);
    expect(new Set(communes.map((c) => c.epci_siren)).size).toBe(12);
    expect(referenceEpcis()).toHaveLength(12);
    expect(communes.reduce((sum, c) => sum + c.population_municipale, 0)).toBe(333602);
  });

  it('is the reference/ copy, unchanged', () => {
    expect(communes).toEqual(communesFile);
  });
});

describe('determinism', () => {
  it('builds the same catalog on every call', () => {
    const again = buildOrganizations();
    expect(again).toEqual(organizations);
    expect(buildPlaces(again)).toEqual(places);
  });

  it('memoises', () => {
    expect(seedOrganizations()).toBe(organizations);
    expect(seedPlaces()).toBe(places);
  });

  it('keeps a stable fingerprint across runs and machines', () => {
    expect(orgByKey.get('caf-47')?.id).toBe('35325154-115d-5373-a0a8-d9614a7353ce');
    expect(orgByKey.get('commune:47001')?.siret).toBe('21470001500032');
    expect(placeByKey.get('tiers-lieu:le-wez')?.id).toBe('cba61639-f790-5055-83f6-bdb34d1f0fcd');
    expect(placeByKey.get('mairie:47078')?.pivot).toBe('21470078300092');
  });
});

describe('organizations', () => {
  it('have unique keys and ids equal to stableId of their key', () => {
    expect(new Set(organizations.map((o) => o.key)).size).toBe(organizations.length);
    expect(new Set(organizations.map((o) => o.id)).size).toBe(organizations.length);
    for (const o of organizations) expect(o.id).toBe(stableId('organization', o.key));
  });

  it('have a valid, unique SIRET or a valid RNA', () => {
    const sirets = organizations.flatMap((o) => (o.siret ? [o.siret] : []));
    expect(new Set(sirets).size).toBe(sirets.length);
    for (const o of organizations) {
      expect(o.siret || o.rna).toBeTruthy();
      if (o.siret) expect([o.key, isValidSiret(o.siret)]).toEqual([o.key, true]);
      if (o.rna) expect([o.key, isValidRna(o.rna)]).toEqual([o.key, true]);
    }
  });

  it('use the kind and role codes and a head office in 47', () => {
    for (const o of organizations) {
      expect(ORGANIZATION_KINDS).toContain(o.kind);
      for (const role of o.roles) expect(ORGANIZATION_ROLES).toContain(role);
      expect(new Set(o.roles).size).toBe(o.roles.length);
      expect(communeByInsee.has(o.inseeCode)).toBe(true);
      expect(['declic47', 'reference', 'generated']).toContain(o.source);
    }
  });

  it('include one commune per commune, on its real SIREN, and one EPCI per EPCI', () => {
    for (const c of communes) {
      const o = orgByKey.get(`commune:${c.code_insee}`);
      expect(o?.kind).toBe('COMMUNE');
      expect(o?.siret?.slice(0, 9)).toBe(c.siren);
      expect(o?.roles).toContain('EMPLOYER');
      if (c.population_municipale > 5000) expect(o?.roles).toContain('PRESCRIBER');
    }
    for (const epci of referenceEpcis()) {
      const o = orgByKey.get(`epci:${epci.siren}`);
      expect(o?.kind).toBe('EPCI');
      expect(o?.siret?.slice(0, 9)).toBe(epci.siren);
      expect(o?.name).toBe(epci.nom);
    }
    expect(organizations.filter((o) => o.kind === 'COMMUNE')).toHaveLength(319);
    expect(organizations.filter((o) => o.kind === 'EPCI')).toHaveLength(12);
  });

  it('have at least 25 qualified trainers and more than 30 prescribers', () => {
    expect(withRole('QUALIFIED_TRAINER').length).toBeGreaterThanOrEqual(25);
    expect(withRole('PRESCRIBER').length).toBeGreaterThan(30);
  });

  it('have the funders of DESIGN.md', () => {
    expect(
      withRole('FUNDER')
        .map((o) => o.key)
        .sort(),
    ).toEqual(
      [
        'prefecture-47',
        'departement-47',
        'caf-47',
        'msa-dordogne-lot-et-garonne',
        'cpam-47',
        'la-poste',
        'carsat-aquitaine',
        'conference-des-financeurs-47',
      ].sort(),
    );
  });

  it('have exactly 15 convention signatories: the 14 partners and the Département', () => {
    expect(
      organizations
        .filter((o) => o.conventionSignatory)
        .map((o) => o.key)
        .sort(),
    ).toEqual(
      [
        'caf-47',
        'msa-dordogne-lot-et-garonne',
        'cpam-47',
        'france-travail-47',
        'carsat-aquitaine',
        'cnsa',
        'fondation-orange',
        'la-poste',
        'sncf',
        'mutualite-francaise-47',
        'cap-emploi-47',
        'mission-locale-agenais',
        'mission-locale-moyenne-garonne',
        'mission-locale-villeneuvois',
        'departement-47',
      ].sort(),
    );
  });

  it('include the programme bodies named in the brief', () => {
    for (const key of [
      'departement-47',
      'prefecture-47',
      'lgnum',
      'docaposte',
      'conference-des-financeurs-47',
      'afpa-foulayronnes',
      'campus-numerique-47',
      'asso:le-wez',
      'asso:co-clic-co',
    ]) {
      expect(orgByKey.has(key)).toBe(true);
    }
    expect(orgByKey.get('afpa-foulayronnes')?.inseeCode).toBe('47100');
    expect(orgByKey.get('departement-47')?.inseeCode).toBe('47001');
  });
});

describe('places', () => {
  it('have unique keys and ids equal to stableId of their key', () => {
    expect(new Set(places.map((p) => p.key)).size).toBe(places.length);
    expect(new Set(places.map((p) => p.id)).size).toBe(places.length);
    for (const p of places) expect(p.id).toBe(stableId('place', p.key));
  });

  it('belong to an existing organization, whose SIRET or RNA is the pivot', () => {
    for (const p of places) {
      const o = orgByKey.get(p.organizationKey);
      expect(o).toBeDefined();
      expect(p.pivot).toBe(o?.siret ?? o?.rna);
      expect(p.pivot).toMatch(/^[a-zA-Z0-9]{9,14}$/);
      expect(p.accepte_pass_numerique).toBe(o?.roles.includes('QUALIFIED_TRAINER'));
    }
  });

  it('have the standard address fields, in one of the 319 communes', () => {
    for (const p of places) {
      const c = communeByInsee.get(p.code_insee);
      expect([p.key, c?.nom]).toEqual([p.key, p.commune]);
      expect(c?.codes_postaux).toContain(p.code_postal);
      expect(p.code_postal).toMatch(/^\d{5}$/);
      expect(p.code_insee).toMatch(/^([013-9]\d|2[AB1-9])\d{3}$/);
      expect(p.nom.trim()).not.toBe('');
      expect(p.adresse.trim()).not.toBe('');
    }
  });

  it('lie within 2 km of their commune centre', () => {
    for (const p of places) {
      const c = communeByInsee.get(p.code_insee);
      if (!c) throw new Error(p.key);
      expect([p.key, distanceKm(p.latitude, p.longitude, c.centre_lat, c.centre_lon) < 2]).toEqual([
        p.key,
        true,
      ]);
    }
  });

  it('include a mairie in every commune', () => {
    for (const c of communes) {
      const mairie = placeByKey.get(`mairie:${c.code_insee}`);
      expect(mairie?.code_insee).toBe(c.code_insee);
      expect(mairie?.typologie.split('|')).toContain('MUNI');
      expect(mairie?.organizationKey).toBe(`commune:${c.code_insee}`);
    }
  });

  it('include the named places of DESIGN.md', () => {
    const named: [string, string, string][] = [
      ['tiers-lieu:le-wez', 'Damazan', 'TIERS_LIEUX'],
      ['tiers-lieu:co-clic-co', 'Sérignac-sur-Garonne', 'TIERS_LIEUX'],
      ['tiers-lieu:campus-numerique-47', 'Agen', 'TIERS_LIEUX'],
      ['tiers-lieu:meilhan-le-cocon', 'Meilhan-sur-Garonne', 'TIERS_LIEUX'],
      ['tiers-lieu:marmande', 'Marmande', 'TIERS_LIEUX'],
      ['tiers-lieu:grateloup', 'Grateloup-Saint-Gayrand', 'TIERS_LIEUX'],
      ['mediatheque-departementale', 'Villeneuve-sur-Lot', 'BIB'],
      ['afpa:foulayronnes', 'Foulayronnes', 'AFPA'],
      ['cms:agen', 'Agen', 'CMS'],
      ['cms:marmande', 'Marmande', 'CMS'],
      ['cms:villeneuve-sur-lot', 'Villeneuve-sur-Lot', 'CMS'],
    ];
    for (const [key, commune, typologie] of named) {
      const p = placeByKey.get(key);
      expect([key, p?.commune]).toEqual([key, commune]);
      expect(p?.typologie.split('|')).toContain(typologie);
    }
    expect(places.filter((p) => p.key.startsWith('cms:'))).toHaveLength(8);
    expect(places.filter((p) => p.key.startsWith('cms-antenne:')).length).toBeGreaterThan(0);
    const franceServices = places.filter((p) => p.typologie.split('|').includes('RFS'));
    expect(franceServices.length).toBeGreaterThanOrEqual(15);
    expect(franceServices.length).toBeLessThanOrEqual(20);
    expect(places.filter((p) => p.typologie.split('|').includes('LA_POSTE')).length).toBeGreaterThan(20);
    expect(places.filter((p) => p.itinerance?.split('|').includes('Itinérant')).length).toBeGreaterThan(0);
  });

  it('have valid opening hours, and some have none', () => {
    for (const p of places) {
      if (p.horaires !== undefined) expect([p.key, openingHoursError(p.horaires)]).toEqual([p.key, null]);
    }
    expect(places.filter((p) => p.horaires === undefined).length).toBeGreaterThan(0);
    expect(new Set(places.map((p) => p.horaires)).size).toBeGreaterThan(20);
  });

  it('use data·inclusion typologie codes', () => {
    for (const p of places) {
      for (const code of p.typologie.split('|')) expect([p.key, code in TYPOLOGIES]).toEqual([p.key, true]);
    }
  });

  it('use the standard labels, up to normalisation, with at least one service each', () => {
    for (const p of places) {
      expect(labels(p, 'services').length).toBeGreaterThan(0);
      for (const [field, vocabulary] of VOCABULARY_FIELDS) {
        const allowed = new Set(Object.values(vocabulary));
        for (const label of labels(p, field)) {
          expect([p.key, field, allowed.has(normaliseLabel(label))]).toEqual([p.key, field, true]);
        }
      }
    }
  });

  it('carry real-world variant spellings in 3 to 5 places only', () => {
    const variants = places.filter((p) =>
      VOCABULARY_FIELDS.some(([field, vocabulary]) =>
        labels(p, field).some((label) => !Object.values(vocabulary).includes(label)),
      ),
    );
    expect(variants.length).toBeGreaterThanOrEqual(3);
    expect(variants.length).toBeLessThanOrEqual(5);
    expect(variants.map((p) => p.key).sort()).toEqual(VARIANT_SPELLINGS.map((v) => v.key).sort());
    const raw = variants.flatMap((p) => VOCABULARY_FIELDS.flatMap(([field]) => labels(p, field)));
    expect(raw.some((label) => label.includes('’'))).toBe(true);
    expect(raw.some((label) => label.includes('  '))).toBe(true);
    expect(raw).toContain('Étapes numériques (La Poste)');
  });

  it('keep presentation_resume within 280 characters', () => {
    for (const p of places) expect((p.presentation_resume ?? '').length).toBeLessThanOrEqual(280);
  });

  it('have telephones in the standard E.164 form', () => {
    const phones = places.flatMap((p) => (p.telephone ? [p.telephone] : []));
    expect(phones.length).toBeGreaterThan(300);
    for (const phone of phones) expect(phone).toMatch(TELEPHONE);
  });

  it('have contacts in list form', () => {
    for (const p of places) {
      for (const mail of p.courriels?.split('|') ?? [])
        expect(mail).toMatch(/^[^@\s|]+@[a-z0-9.-]+\.[a-z]{2,}$/);
      for (const url of p.site_web?.split('|') ?? []) expect(url).toMatch(/^https:\/\/\S+$/);
    }
  });

  it('spread date_maj over fresh, to-check (12–18 months) and to-update (> 18 months) places', () => {
    const reference = Date.parse('2026-11-15T00:00:00Z');
    const months = (date: string) => (reference - Date.parse(`${date}T00:00:00Z`)) / (30.44 * 86_400_000);
    for (const p of places) {
      expect(p.date_maj).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(p.date_maj >= '2023-01-01' && p.date_maj <= '2026-10-31').toBe(true);
    }
    const ages = places.map((p) => months(p.date_maj));
    expect(ages.filter((m) => m < 12).length).toBeGreaterThan(places.length / 3);
    expect(ages.filter((m) => m >= 12 && m <= 18).length).toBeGreaterThan(places.length / 10);
    expect(ages.filter((m) => m > 18).length).toBeGreaterThan(places.length / 10);
  });

  it('let every qualified trainer redeem passes in at least one place', () => {
    const redeeming = new Set(places.filter((p) => p.accepte_pass_numerique).map((p) => p.organizationKey));
    for (const o of withRole('QUALIFIED_TRAINER'))
      expect([o.key, redeeming.has(o.key)]).toEqual([o.key, true]);
  });
});
