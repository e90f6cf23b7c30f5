import { GraphQLLatitude, GraphQLLongitude } from 'graphql-scalars';
import type { GraphQLScalarType } from 'graphql';
import { LatitudeScalar, LongitudeScalar } from '../../../subgraphs/shared/scalars';

/** What a serialize gives: its value, or the message it throws. */
const outcome = (scalar: GraphQLScalarType, value: unknown) => {
  try {
    return { value: scalar.serialize(value) as unknown };
  } catch (error) {
    return { error: (error as Error).message };
  }
};

describe('Latitude and Longitude answers', () => {
  // A seeded walk over doubles of every magnitude, the bounds, their neighbours and values that are not numbers.
  let seed = 47;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) as number;
  const numbers = [
    ...Array.from({ length: 5000 }, () => (random() * 2 - 1) * 10 ** Math.floor(random() * 6 - 2) * 1.8),
    ...[0, -0, 90, -90, 180, -180, 44.2033, 0.6163, 1e-9, -1e-9, 89.999999999, 90.000000001, 179.99999999999],
    ...[180.0000001, -180.0000001, Number.EPSILON, Number.MAX_VALUE, Infinity, -Infinity, NaN],
  ];
  const others = ['44.2033', ' 0.6163 ', '91', 'abc', '', null, undefined, true, {}, 10n];

  it.each([
    ['Latitude', LatitudeScalar, GraphQLLatitude],
    ['Longitude', LongitudeScalar, GraphQLLongitude],
  ])('%s gives what graphql-scalars gives, for every number and anything else', (_name, ours, theirs) => {
    for (const value of [...numbers, ...others]) expect(outcome(ours, value)).toEqual(outcome(theirs, value));
  });

  it('keep graphql-scalars’ input checks and carry their specification', () => {
    expect(() => LatitudeScalar.parseValue(91)).toThrow(/between -90 and 90/);
    expect(LongitudeScalar.parseValue('0.6163')).toBe(0.6163);
    expect([LatitudeScalar.specifiedByURL, LongitudeScalar.specifiedByURL]).toEqual([
      'https://epsg.io/4326',
      'https://epsg.io/4326',
    ]);
  });
});
