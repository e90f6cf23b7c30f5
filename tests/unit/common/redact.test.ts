import { buildSchema, graphql, type GraphQLError } from 'graphql';
import { fieldOfLiteral, fieldOfVariable } from '../../../common/redact';

const schema = buildSchema(`
  input Near { latitude: Float! longitude: Float! }
  input Filter { openAt: String, near: Near, codes: [String!] }
  type Query { places(first: Int, filter: Filter): Int }
`);
const errorOf = async (source: string, variableValues?: Record<string, unknown>): Promise<GraphQLError> => {
  const result = await graphql({ schema, source, variableValues });
  expect(result.errors).toHaveLength(1);
  return result.errors![0];
};

describe('the input field a bad value sits in', () => {
  it('names where a variable is used, down into the bad value', async () => {
    const query =
      'query($f: Filter, $at: String) { places(first: 1, filter: $f) other: places(filter: { openAt: $at }) }';
    expect(
      fieldOfVariable(await errorOf(query, { f: { near: { latitude: 'north', longitude: 0.6 } } })),
    ).toBe('filter.near.latitude');
    expect(fieldOfVariable(await errorOf(query, { f: { codes: ['47001', 3] } }))).toBe('filter.codes[1]');
    expect(fieldOfVariable(await errorOf(query, { at: 7 }))).toBe('filter.openAt');
  });

  it('names the field of a bad literal from its position, not a field before it', async () => {
    const query =
      '{ places(first: 2, filter: { openAt: "now", near: { latitude: 44.2, longitude: "east" } }) }';
    expect(fieldOfLiteral(await errorOf(query))).toBe('filter.near.longitude');
    expect(fieldOfLiteral(await errorOf('{ places(first: "ten") }'))).toBe('first');
  });

  it('names nothing for an error that is not about an input', async () => {
    expect(fieldOfVariable(await errorOf('{ nowhere }'))).toBeUndefined();
    expect(fieldOfLiteral(await errorOf('{ nowhere }'))).toBeUndefined();
  });
});
