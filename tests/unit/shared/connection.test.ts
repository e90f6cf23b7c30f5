import { encodeCursor, pageRequest, toConnection } from '../../../subgraphs/shared/connection';

describe('cursor connections', () => {
  afterEach(() => {
    delete process.env.MAX_PAGE_SIZE;
  });

  it('defaults first to 20 and refuses negative or oversized pages with BAD_USER_INPUT', () => {
    expect(pageRequest({}).first).toBe(20);
    expect(() => pageRequest({ first: -1 })).toThrow(
      expect.objectContaining({
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'first' }),
      }),
    );
    expect(() => pageRequest({ first: 101 })).toThrow(/between 0 and 100/);
  });

  it('follows MAX_PAGE_SIZE but never above the hard cap of 1000', () => {
    process.env.MAX_PAGE_SIZE = '500';
    expect(pageRequest({ first: 500 }).first).toBe(500);
    process.env.MAX_PAGE_SIZE = '5000';
    expect(() => pageRequest({ first: 10 })).toThrow(/MAX_PAGE_SIZE/);
  });

  it('round-trips cursors and refuses forged ones', () => {
    const cursor = encodeCursor(['Agen', 'x']);
    expect(pageRequest({ after: cursor }).after).toEqual(['Agen', 'x']);
    expect(() => pageRequest({ after: 'not-a-cursor' })).toThrow(/cursor/);
  });

  it('reports a next page when one more row than asked came back', () => {
    const rows = [1, 2, 3];
    const conn = toConnection(rows, { first: 2, after: null }, 3, (n) => [n]);
    expect(conn.edges.map((e) => e.node)).toEqual([1, 2]);
    expect(conn.pageInfo.hasNextPage).toBe(true);
    expect(conn.pageInfo.endCursor).toBe(encodeCursor([2]));
  });

  it('encodes an edge’s cursor only when it is read, each time the same', () => {
    const keys: number[] = [];
    const conn = toConnection([1, 2, 3, 4], { first: 3, after: null }, 4, (n) => (keys.push(n), [n]));
    expect(keys).toEqual([1, 3]); // startCursor and endCursor
    expect(conn.edges.map((e) => e.cursor)).toEqual([1, 2, 3].map((n) => encodeCursor([n])));
    expect(conn.edges[1].cursor).toBe(encodeCursor([2]));
    expect(keys).toEqual([1, 3, 1, 2, 3, 2]);
  });
});
