import { hashSeed, prng } from '../../../seeds/ids';
import { MEDIATION_THEMES } from '../../../subgraphs/shared/mediation-themes';
import { territoryReference } from '../../../subgraphs/shared/territory';
import type { Activite, Structure, Utilisateur } from '../../../subgraphs/people/lacoop/contract';

/** What a generated La Coop holds; the fake server serves and mutates it. */
export interface LacoopDataset {
  structures: Structure[];
  users: Utilisateur[];
  activities: Activite[];
}

export interface DatasetOptions {
  seed?: string;
  activities?: number;
  structures?: number;
  mediators?: number;
  /** Activity dates fall in this year (disjoint from the hub's seeded reports, 2025-11 → 2026-11). */
  year?: number;
}

const THEMES = Object.values(MEDIATION_THEMES);
const OUTSIDE_COMMUNE = '33063'; // Bordeaux: another département, which the hub skips.

/** A v4-shaped uuid from the generator, so that a seed always gives the same ids. */
function uuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(random() * 4)];
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/**
 * A deterministic La Coop for Lot-et-Garonne: structures in real communes of 47 (one outside), mediators
 * working there (conseillers numériques, a coordinator, a user who is no mediator), and a year of activity
 * reports with the contract's whole vocabulary.
 */
export function generateDataset(options: DatasetOptions = {}): LacoopDataset {
  const random = prng(hashSeed(`lacoop:${options.seed ?? 'default'}`));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const year = options.year ?? 2024;
  const communes = territoryReference().communesOf('departement', '47');
  const created = `${year - 1}-06-01T08:00:00.000Z`;

  const structures: Structure[] = Array.from({ length: options.structures ?? 12 }, (_, i) => {
    const inseeCode = i === 0 ? OUTSIDE_COMMUNE : pick(communes);
    return {
      type: 'structure',
      id: uuid(random),
      attributes: {
        nom: `Espace numérique ${i + 1}`,
        siret: String(10_000_000_000_000 + Math.floor(random() * 89_999_999_999_999)),
        code_insee: inseeCode,
        code_postal: inseeCode === OUTSIDE_COMMUNE ? '33000' : '47000',
        commune: inseeCode === OUTSIDE_COMMUNE ? 'Bordeaux' : `Commune ${inseeCode}`,
        adresse: `${i + 1} rue de la République`,
        creation: created,
        modification: created,
        suppression: null,
        typologies: ['TIERS_LIEUX'],
        visible_pour_cartographie_nationale: true,
      },
    };
  });

  const users: Utilisateur[] = [];
  const mediatorCount = options.mediators ?? 8;
  for (let i = 0; i < mediatorCount + 1; i++) {
    const isMediator = i < mediatorCount;
    // Mediators work in 47; the one user who is no mediator works outside.
    const structure = isMediator ? structures[1 + (i % (structures.length - 1))] : structures[0];
    const period = {
      id: uuid(random),
      structure_id: structure.id,
      debut: created,
      fin: null,
      suppression: null,
    };
    users.push({
      type: 'utilisateur',
      id: uuid(random),
      attributes: {
        email: `mediateur.${i + 1}@example.org`,
        prenom: `Prénom${i + 1}`,
        nom: `Nom${i + 1}`,
        telephone: i % 2 ? '+33553000000' : null,
        creation: created,
        modification: created,
        suppression: null,
        emplois: [period],
        mediateur: isMediator ? { id: uuid(random), en_activite: [period] } : null,
        coordinateur: i === 1 ? { id: uuid(random) } : null,
        conseiller_numerique: {
          is_conseiller_numerique: isMediator && i % 3 !== 1,
          id_pg: isMediator ? 1000 + i : null,
        },
      },
    });
  }
  const mediators = users.filter((u) => u.attributes.mediateur);

  const activities: Activite[] = [];
  const start = Date.UTC(year, 0, 1);
  const days = (Date.UTC(year + 1, 0, 1) - start) / 86_400_000;
  for (let i = 0; i < (options.activities ?? 200); i++) {
    const mediator = mediators[i % mediators.length];
    const home = mediator.attributes.emplois![0].structure_id!;
    const day = new Date(start + Math.floor(random() * days) * 86_400_000);
    const date = day.toISOString().slice(0, 10);
    const r = random();
    const type = r < 0.55 ? 'individuel' : r < 0.75 ? 'demarche_administrative' : 'collectif';
    const l = random();
    const typeLieu = l < 0.7 ? 'lieu_activite' : l < 0.8 ? 'domicile' : l < 0.95 ? 'a_distance' : 'autre';
    const atPlace = typeLieu === 'lieu_activite';
    // A few workshops away from home, some outside the département: skipped by the hub, left out by the
    // département filter of /statistiques.
    const place = atPlace && random() < 0.05 ? pick(structures).id : home;
    const commune = pick(communes);
    const themes = new Set<string>([pick(THEMES)]);
    if (type === 'demarche_administrative') themes.add('aide_aux_demarches_administratives');
    if (random() < 0.4) themes.add(pick(THEMES));
    const materiel =
      random() < 0.1
        ? ['aucun']
        : [
            ...new Set([
              pick(['ordinateur', 'telephone', 'tablette', 'autre']),
              pick(['ordinateur', 'telephone']),
            ]),
          ];
    const creation = new Date(day.getTime() + 17 * 3_600_000).toISOString();
    activities.push({
      type: 'activite',
      id: uuid(random),
      attributes: {
        type,
        mediateur_id: mediator.attributes.mediateur!.id!,
        accompagnements: type === 'collectif' ? 2 + Math.floor(random() * 14) : 1,
        date,
        duree: pick([15, 30, 45, 60, 90, 120, 180]),
        type_lieu: typeLieu,
        structure_id: atPlace ? place : null,
        lieu_code_postal: atPlace ? null : '47000',
        lieu_commune: atPlace ? null : `Commune ${commune}`,
        lieu_code_insee: atPlace ? null : commune,
        creation,
        modification: creation,
        suppression: null,
        autonomie:
          random() < 0.2 ? null : pick(['entierement_accompagne', 'partiellement_autonome', 'autonome']),
        oriente_vers_structure: random() < 0.1,
        structure_de_redirection: null,
        materiel,
        thematiques: [...themes],
        tags: [],
        precisions_demarche: null,
        titre_atelier: type === 'collectif' ? 'Atelier' : null,
        niveau_atelier: type === 'collectif' ? pick(['debutant', 'intermediaire', 'avance']) : null,
      },
    });
  }
  return { structures, users, activities };
}
