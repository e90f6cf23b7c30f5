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

  // The elements that had no description when this test came (issue 15), to be described and removed from
  // the list; the list may only shrink: a new element without a description fails, so does a stale entry.
  const debt = readFileSync(join(__dirname, 'undescribed-debt.txt'), 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'));

  it('gives every new type, field, argument and enum value of the supergraph a description', () => {
    const sdl = readFileSync(join(repositoryRoot(), 'schema', 'supergraph.graphql'), 'utf8');
    const missing = undescribed(sdl);
    expect(missing.filter((path) => !debt.includes(path))).toEqual([]);
    // Described since: remove it from undescribed-debt.txt.
    expect(debt.filter((path) => !missing.includes(path))).toEqual([]);
  });
});
