import { readFileSync } from 'node:fs';
import { Kind, parse, type ObjectTypeDefinitionNode } from 'graphql';
import { graphql } from '../helpers/hub';
import { hub, headers, ROLES, targets, sign, type Caller } from './access/setup';
import { newCarnet } from './access/funding.mutations';
import { newPerson } from './access/people.mutations';

describe('personal data', () => {
  const READERS: Caller[] = ['admin', 'partnerA'];

  it.each(
    ['gateway', 'people'].flatMap((target) =>
      ROLES.map((caller) => [caller, target, READERS.includes(caller)] as const),
    ),
  )(
    'a person’s last name, e-mail and phone as %s through %s: readable=%s',
    async (caller, target, readable) => {
      const id = await newPerson();
      const res = await graphql(
        targets()[target],
        'query($id: ID!) { person(id: $id) { firstName role lastName email phone } }',
        { id },
        headers[caller],
      );
      expect(res.data.person.firstName).toMatch(/^Aidant/);
      expect(res.data.person.role).toBe('AIDANT_NUMERIQUE');
      if (readable) {
        expect(res.errors).toBeUndefined();
        expect(res.data.person.lastName).toBe('Test');
      } else {
        expect(res.data.person.lastName).toBeNull();
        const denied = (res.errors ?? [])
          .filter((e) => e.extensions?.code === 'FORBIDDEN')
          .map((e) => e.path?.join('.'));
        expect(denied).toEqual(expect.arrayContaining(['person.lastName', 'person.email', 'person.phone']));
      }
    },
  );

  it.each(['gateway', 'funding'].flatMap((target) => ROLES.map((caller) => [caller, target] as const)))(
    'a carnet’s beneficiary profile as %s through %s',
    async (caller, target) => {
      const { id } = await newCarnet();
      const res = await graphql(
        targets()[target],
        'query($id: ID!) { carnet(id: $id) { id beneficiaryReference beneficiaryAgeBand } }',
        { id },
        headers[caller],
      );
      if (caller === 'public' || caller === 'partnerB') {
        // The ledger itself is closed to them.
        expect(res.data?.carnet ?? null).toBeNull();
        expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      } else if (READERS.includes(caller)) {
        expect(res.errors).toBeUndefined();
        expect(res.data.carnet.beneficiaryAgeBand).toBe('AGE_PLUS_60_ANS');
      } else {
        // Analysts and the préfecture read the ledger, never the beneficiary.
        expect(res.data.carnet.id).toBe(id);
        expect(res.data.carnet.beneficiaryReference).toBeNull();
        expect(res.errors?.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
      }
    },
  );

  it('never shares a deduplicated subgraph read between callers with different tokens', async () => {
    const id = await newPerson();
    const query = 'query($id: ID!) { person(id: $id) { firstName lastName } }';
    const callers: Caller[] = ['partnerA', 'public', 'partnerA', 'analyst', 'admin', 'partnerB'];
    const answers = await Promise.all(
      callers.map((caller) => graphql(hub.gateway.http, query, { id }, headers[caller])),
    );
    answers.forEach((res, i) => {
      expect(res.data.person.lastName).toBe(READERS.includes(callers[i]) ? 'Test' : null);
    });
  });

  it('reads no personal data with a forged token sent straight to the subgraph', async () => {
    const id = await newPerson();
    const forged = await sign({ role: 'admin' }, 'forged-secret-'.repeat(3));
    const res = await graphql(
      hub.subgraphs.people.server.http,
      'query($id: ID!) { person(id: $id) { lastName email } }',
      { id },
      { authorization: `Bearer ${forged}` },
    );
    expect(res.status).toBe(401);
    expect(res.data ?? null).toBeNull();
  });

  it('lists every field tagged personal-data in the supergraph, each nullable so a denial keeps the rest', () => {
    const doc = parse(readFileSync('schema/supergraph.graphql', 'utf8'));
    const tagged = doc.definitions
      .filter((d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION)
      .flatMap((t) =>
        (t.fields ?? [])
          .filter((f) =>
            f.directives?.some((d) => d.name.value === 'tag' && JSON.stringify(d).includes('personal-data')),
          )
          .map((f) => ({
            type: t.name.value,
            field: f.name.value,
            nonNull: f.type.kind === Kind.NON_NULL_TYPE,
          })),
      );
    expect(tagged.filter((t) => t.nonNull)).toEqual([]);
  });
});
