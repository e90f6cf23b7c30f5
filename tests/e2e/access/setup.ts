/** The hub, callers and fixtures shared by the access tests (tokens, mutation permissions, personal data). */
import type { Server } from 'node:http';
import { SignJWT } from 'jose';
import { startHub, graphql, type Hub } from '../../helpers/hub';
import { bearer } from '../../helpers/auth';
import { seedOrganizations, seedPlaces } from '../../../seeds/catalog';
import { type TokenRole } from '../../../common/auth';

export let hub: Hub;
export const headers: Record<string, Record<string, string>> = {};

// Partner A prescribes and trains (Pass numérique both ways) and runs places; partner B is another organization.
export const orgA = seedOrganizations().find(
  (o) =>
    o.roles.includes('QUALIFIED_TRAINER') &&
    o.roles.includes('PRESCRIBER') &&
    seedPlaces().some((p) => p.organizationKey === o.key),
)!;
export const orgB = seedOrganizations().find((o) => o.id !== orgA.id && o.kind === 'ASSOCIATION')!;
export const placeOfA = seedPlaces().find((p) => p.organizationKey === orgA.key)!;

export const ROLES = ['public', 'partnerA', 'partnerB', 'analyst', 'prefecture', 'admin'] as const;
export type Caller = (typeof ROLES)[number];

beforeAll(async () => {
  hub = await startHub();
  headers.public = {};
  headers.partnerA = await bearer('partner', orgA.id);
  headers.partnerB = await bearer('partner', orgB.id);
  for (const role of ['analyst', 'prefecture', 'admin'] as TokenRole[]) headers[role] = await bearer(role);
});

afterAll(async () => {
  await hub?.stop();
});

export const targets = (): Record<string, Server> =>
  Object.fromEntries([
    ['gateway', hub.gateway.http],
    ...Object.entries(hub.subgraphs).map(([n, sub]) => [n, sub.server.http]),
  ]);

export async function sign(
  claims: Record<string, unknown>,
  secret = process.env.JWT_SECRET!,
  expiresIn: string | number = '1h',
) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('t')
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

/** Each mutation of the supergraph: how to call it, and which callers may. */
export interface MutationCase {
  allowed: Caller[];
  /** The subgraph that owns the mutation (default places), also called directly. */
  subgraph?: string;
  /** Returns the query and variables; may prepare fixtures with the admin token. */
  call: () => Promise<{ query: string; variables?: Record<string, unknown> }>;
}

export const admin = (query: string, variables?: Record<string, unknown>) =>
  graphql(hub.gateway.http, query, variables, headers.admin);
export const seq = { n: 0 };
export const newPlace = async (organizationId: string) => {
  const res = await admin('mutation($i: PlaceInput!) { createPlace(input: $i) { id } }', {
    i: {
      organizationId,
      name: `Lieu ${++seq.n}`,
      address: '1 rue Test',
      postalCode: '47000',
      inseeCode: '47001',
    },
  });
  return res.data.createPlace.id as string;
};
export const newOrganization = async () => {
  const res = await admin('mutation($i: OrganizationInput!) { createOrganization(input: $i) { id } }', {
    i: {
      name: `Org ${++seq.n}`,
      kind: 'ASSOCIATION',
      rna: `W47${String(900000 + seq.n).padStart(7, '0')}`,
    },
  });
  return res.data.createOrganization.id as string;
};
