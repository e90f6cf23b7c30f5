import { seedTraining } from '../seeds/catalog/training';
import { prng } from '../seeds/ids';
import type { Supergraph, Workload } from './workloads';

const DASHBOARD = `query PartnerDashboard($id: ID!, $from: Date!, $to: Date!) { organization(id: $id) { id name
  placeStats(from: $from, to: $to) { id places acceptingPassNumerique toCheck toUpdate byKind { id kind count } }
  staffMediationStats(from: $from, to: $to) { id conseillers aidants habilitatedAidants accompaniments hours }
  staffPermanenceStats(from: $from, to: $to) { id permanences people places }
  trainingStats(from: $from, to: $to) { id offers offersWithSessions sessionsHeld seatsOffered registrations fillRate
    attendees attendanceRate byFormat { id format sessionsHeld seatsOffered registrations attendees } }
  trainingStatsSeries(from: $from, to: $to, by: MONTH) { id from to
    stats { id sessionsHeld seatsOffered registrations fillRate attendees } } } }`;

const iso = (year: number, month: number, day: number) =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/**
 * The partner dashboard workloads: one query gives an organization's places, staff, activity and training over a
 * period, with the training by month. Each request draws its organization (a training provider of the seeds, at
 * every scale) and its period (1 to 12 whole months between January 2025 and October 2026) from a seeded PRNG,
 * so that no cache of a single answer flatters the figures.
 */
export function dashboardWorkloads(supergraph: Supergraph): Workload[] {
  if (!supergraph.has('Organization', 'trainingStats') || !supergraph.has('Organization', 'placeStats'))
    return [];
  const organizations = [...new Set(seedTraining(1).offers.map((o) => o.providerId))].sort();
  const draw = (random: () => number) => {
    const id = organizations[Math.floor(random() * organizations.length)];
    const start = Math.floor(random() * 22); // months since January 2025
    const months = 1 + Math.floor(random() * Math.min(12, 22 - start));
    const end = start + months; // the month after the period
    const endYear = 2025 + Math.floor(end / 12);
    const endMonth = (end % 12) + 1;
    const last = new Date(Date.UTC(endYear, endMonth - 1, 0)).toISOString().slice(0, 10);
    return JSON.stringify({
      query: DASHBOARD,
      variables: { id, from: iso(2025 + Math.floor(start / 12), (start % 12) + 1, 1), to: last },
    });
  };
  return [
    {
      name: 'partner dashboard',
      description: `one organization's places, staff activity and training over a period, training by month (${organizations.length} providers, random organization and period per request)`,
      body: draw(prng(47)),
      vary: (random) => draw(random),
      check: (data) =>
        data?.organization?.trainingStats && data.organization.trainingStatsSeries?.length > 0
          ? undefined
          : 'no training figures for the organization',
      read: true,
      crossFields: ['placeStats', 'staffMediationStats', 'staffPermanenceStats', 'trainingStats'],
    },
  ];
}
