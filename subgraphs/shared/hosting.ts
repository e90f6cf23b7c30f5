import { GraphQLError } from 'graphql';
import type { Viewer } from '../../common/auth';
import { forbidden } from '../../common/auth';
import { badUserInput } from './errors';

/**
 * The gateway's GraphQL URL, for a subgraph's internal questions to another subgraph's data (a subgraph never reads
 * another's tables): GATEWAY_URL, else the gateway on GATEWAY_PORT (4000) of this host. Read at each call, so that
 * tests may set it once the gateway listens.
 */
export function gatewayUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.GATEWAY_URL || `http://127.0.0.1:${env.GATEWAY_PORT || 4000}/graphql`;
}

const HOSTS = `query HostingCheck($place: ID!, $organization: ID!) {
  place(id: $place) { hosts(organizationId: $organization) }
}`;

/**
 * The hosting rule (DESIGN.md 5), checked before any validation: a partner sets a permanence of its staff or a
 * session at a place only when its organization runs that place or the place's owner hosts it
 * (`Place.hostedOrganizations`, managed by the owner in the places subgraph). Asked through the gateway with the
 * caller's own token; admins are not bound by it. When the answer cannot be had, the write is refused (fails
 * closed).
 */
export async function requireHosting(
  viewer: Viewer,
  authorization: string | undefined,
  placeId: string | null | undefined,
  what: string,
  field = 'input.placeId',
): Promise<void> {
  if (viewer.role !== 'partner' || !placeId) return;
  let answer: { data?: { place: { hosts: boolean } | null }; errors?: unknown[] };
  try {
    const res = await fetch(gatewayUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({
        query: HOSTS,
        variables: { place: placeId, organization: viewer.organizationId },
      }),
      signal: AbortSignal.timeout(5000),
    });
    answer = (await res.json()) as typeof answer;
  } catch {
    throw new GraphQLError('the hosting rule could not be checked; try again', {
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    });
  }
  const place = answer.data?.place;
  if (place === undefined)
    throw new GraphQLError('the hosting rule could not be checked; try again', {
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    });
  // Places are public: saying one does not exist reveals nothing.
  if (place === null) throw badUserInput(field, 'unknown place');
  if (!place.hosts)
    throw forbidden(`a partner may only ${what} at its own places or where the place's owner hosts it`);
}
