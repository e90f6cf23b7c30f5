/** Who may call each mutation of the places subgraph. */
import { newOrganization, newPlace, orgA, orgB, seq, type MutationCase } from './setup';

export const PLACES_MUTATIONS = {
  createOrganization: {
    allowed: ['admin'],
    call: async () => ({
      query: 'mutation($i: OrganizationInput!) { createOrganization(input: $i) { id } }',
      variables: {
        i: {
          name: `Nouvelle ${++seq.n}`,
          kind: 'ASSOCIATION',
          rna: `W47${String(800000 + seq.n).padStart(7, '0')}`,
        },
      },
    }),
  },
  updateOrganization: {
    allowed: ['admin'],
    call: async () => ({
      query: 'mutation($id: ID!) { updateOrganization(id: $id, input: { name: "Renommée" }) { id } }',
      variables: { id: orgA.id },
    }),
  },
  deleteOrganization: {
    allowed: ['admin'],
    call: async () => ({
      query: 'mutation($id: ID!) { deleteOrganization(id: $id) }',
      variables: { id: await newOrganization() },
    }),
  },
  createPlace: {
    allowed: ['admin', 'partnerA'],
    call: async () => ({
      query: 'mutation($i: PlaceInput!) { createPlace(input: $i) { id } }',
      variables: {
        i: {
          organizationId: orgA.id,
          name: 'Lieu de A',
          address: '1 rue A',
          postalCode: '47000',
          inseeCode: '47001',
        },
      },
    }),
  },
  updatePlace: {
    allowed: ['admin', 'partnerA'],
    call: async () => ({
      query: 'mutation($id: ID!) { updatePlace(id: $id, input: { summary: "Mis à jour" }) { id } }',
      variables: { id: await newPlace(orgA.id) },
    }),
  },
  deletePlace: {
    allowed: ['admin', 'partnerA'],
    call: async () => ({
      query: 'mutation($id: ID!) { deletePlace(id: $id) }',
      variables: { id: await newPlace(orgA.id) },
    }),
  },
  setPlaceHosts: {
    allowed: ['admin', 'partnerA'],
    call: async () => ({
      query: 'mutation($p: ID!, $o: [ID!]!) { setPlaceHosts(placeId: $p, organizationIds: $o) { id } }',
      variables: { p: await newPlace(orgA.id), o: [orgB.id] },
    }),
  },
} satisfies Record<string, MutationCase>;
