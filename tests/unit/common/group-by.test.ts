import { groupBy } from '../../../common/group-by';

describe('groupBy', () => {
  it('keeps the groups in the order of their first item, and each group in the items order', () => {
    const rows = [
      { org: 'b', n: 1 },
      { org: 'a', n: 2 },
      { org: 'b', n: 3 },
      { org: 'a', n: 4 },
      { org: 'c', n: 5 },
    ];
    const groups = groupBy(rows, (r) => r.org);
    expect([...groups.keys()]).toEqual(['b', 'a', 'c']);
    expect(groups.get('b')).toEqual([rows[0], rows[2]]);
    expect(groups.get('a')).toEqual([rows[1], rows[3]]);
    expect(groups.get('c')).toEqual([rows[4]]);
  });

  it('maps each item to the value kept, and gives an empty map for no item', () => {
    expect(
      groupBy(
        [1, 2, 3, 4, 5, 6],
        (n) => n % 3,
        (n) => n * 10,
      ),
    ).toEqual(
      new Map([
        [1, [10, 40]],
        [2, [20, 50]],
        [0, [30, 60]],
      ]),
    );
    expect(groupBy([], () => 'x').size).toBe(0);
  });

  it('groups a large batch in one pass: 200,000 rows into one group', () => {
    const rows = Array.from({ length: 200_000 }, (_, n) => ({ org: 'same', n }));
    const groups = groupBy(rows, (r) => r.org);
    expect(groups.get('same')).toHaveLength(200_000);
    expect(groups.get('same')![199_999].n).toBe(199_999);
  });
});
