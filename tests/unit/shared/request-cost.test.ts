import { buildSchema, parse } from 'graphql';
import { estimateCost, operationOf, requestCoster } from '../../../common/request-cost';

const schema = buildSchema(`
  type Query {
    place(id: ID!): Place
    places(first: Int = 20, after: String): PlaceConnection!
    tags: [String!]!
    _entities(representations: [_Any!]!): [Entity]!
  }
  scalar _Any
  union Entity = Place
  type PlaceConnection { edges: [PlaceEdge!]! totalCount: Int! }
  type PlaceEdge { node: Place! }
  type Place { id: ID! name: String! permanences: [Permanence!]! organization: Organization }
  type Permanence { id: ID! }
  type Organization { id: ID! name: String! }
`);
const cost = (query: string, variables?: Record<string, unknown>, operationName?: string) =>
  estimateCost(schema, parse(query), variables, operationName);

describe('estimateCost: the values an answer will hold, estimated before it runs', () => {
  it('counts one per field, times the size of the lists above it', () => {
    expect(cost('{ place(id: "x") { id name } }')).toBe(3);
    // An unsized list counts 10 (defaultListSize): 1 + (1 + 10 × 1).
    expect(cost('{ place(id: "x") { permanences { id } } }')).toBe(12);
    expect(cost('{ tags }')).toBe(1);
  });

  it("sizes a connection by first (literal, variable or the schema's default); its edges count once", () => {
    const page = 'query P($n: Int) { places(first: $n) { edges { node { id name organization { id } } } } }';
    // 1 + n × (edges 1 + node 1 + id 1 + name 1 + organization 1 + id 1)
    expect(cost(page, { n: 100 })).toBe(601);
    expect(cost(page, { n: 10 })).toBe(61);
    expect(cost('{ places { edges { node { id } } } }')).toBe(1 + 20 * 3);
    expect(cost('{ places(first: 5) { totalCount edges { node { permanences { id } } } } }')).toBe(
      1 + 5 * (1 + 1 + 1 + 1 + 10),
    );
  });

  it("sizes a subgraph's entity fetch by its representations, through inline fragments and fragments", () => {
    const entities =
      'query E($r: [_Any!]!) { _entities(representations: $r) { ... on Place { id ...F } } } fragment F on Place { name }';
    expect(cost(entities, { r: Array.from({ length: 100 }, () => ({ __typename: 'Place', id: 'x' })) })).toBe(
      201,
    );
    expect(cost(entities, { r: [{}] })).toBe(3);
  });

  it('picks the named operation; an unknown field or operation costs little, a fragment cycle ends', () => {
    const two = 'query A { place(id: "x") { id } } query B { places(first: 50) { edges { node { id } } } }';
    expect(cost(two, {}, 'A')).toBe(2);
    expect(cost(two, {}, 'B')).toBe(151);
    expect(cost(two)).toBe(1);
    expect(cost('{ nowhere { a b } }')).toBe(3);
    expect(cost('{ place(id: "x") { ...A } } fragment A on Place { organization { ...A } }')).toBe(2);
  });
});

describe('requestCoster', () => {
  it('reads POST bodies, GET query strings and registered documents; an unparsable query costs 1', () => {
    const documents = new Map([['abc', '{ places(first: 100) { edges { node { id } } } }']]);
    const costOf = requestCoster(schema, { documents });
    expect(costOf(operationOf({ query: '{ place(id: "x") { id } }' }, '')!)).toBe(2);
    expect(costOf(operationOf(undefined, '?query=%7B%20tags%20%7D')!)).toBe(1);
    expect(costOf(operationOf({ extensions: { persistedQuery: { sha256Hash: 'abc' } } }, '')!)).toBe(301);
    expect(costOf(operationOf({ query: '{ place(' }, '')!)).toBe(1);
    expect(operationOf(undefined, '')).toBeUndefined();
  });
});
