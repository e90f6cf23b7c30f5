import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from '../../../gateway/examples';
import { undescribed } from '../../helpers/descriptions';

describe('the schema explains itself', () => {
  it('finds an element without a description', () => {
    expect(
      undescribed('"""Q""" type Query { """a""" a(x: Int): E } enum E { """one""" ONE TWO }').sort(),
    ).toEqual(['E', 'E.TWO', 'Query.a(x)']);
  });

  // No exception: a type, field, argument, input field or enum value without a description fails here (and so
  // in CI). Describe it in the code (type-graphql `description`), then `npm run schema`.
  it('gives every type, field, argument and enum value of the supergraph a description', () => {
    const sdl = readFileSync(join(repositoryRoot(), 'schema', 'supergraph.graphql'), 'utf8');
    expect(undescribed(sdl)).toEqual([]);
  });
});
