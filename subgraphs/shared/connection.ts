import { ArgsType, Directive, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { badUserInput } from './errors';
import { maxPageSize } from '../../common/config';

@ObjectType({ description: 'Relay-style page information.' })
@Directive('@shareable')
export class PageInfo {
  @Field({ description: 'Whether a page follows this one (ask for it with `after: endCursor`).' })
  hasNextPage!: boolean;

  @Field({ description: 'Whether a page precedes this one.' })
  hasPreviousPage!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the first item of the page; null when empty.',
  })
  startCursor!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the last item of the page; null when empty.',
  })
  endCursor!: string | null;
}

/** The page request every connection takes. Validated by `pageRequest`, not by GraphQL, to answer BAD_USER_INPUT. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    description:
      "Page size, default 20: 0 to the server's MAX_PAGE_SIZE (100 unless configured, never above 1000); a larger value is refused with BAD_USER_INPUT on `first`. Page on with `after`.",
  })
  first?: number;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of the previous page.' })
  after?: string;
}

export interface PageRequest {
  first: number;
  after: unknown[] | null;
}

export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Checks `first` against the configured maximum and decodes `after`; `hint` ends the error on a too large page. */
export function pageRequest(args: PageArgs, defaultFirst = 20, hint = ''): PageRequest {
  const max = maxPageSize();
  const first = args.first ?? Math.min(defaultFirst, max);
  if (!Number.isInteger(first) || first < 0 || first > max) {
    throw badUserInput('first', `must be between 0 and ${max}${first > max ? hint : ''}`);
  }
  let after: unknown[] | null = null;
  if (args.after != null) {
    try {
      after = JSON.parse(Buffer.from(args.after, 'base64url').toString('utf8'));
    } catch {
      after = null;
    }
    if (!Array.isArray(after)) throw badUserInput('after', 'not a cursor returned by this connection');
  }
  return { first, after };
}

export interface Edge<T> {
  node: T;
  cursor: string;
}

export interface ConnectionResult<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** An edge whose cursor is encoded when read: a map's page of 500 places selects no cursor at all. */
class LazyEdge<T> implements Edge<T> {
  constructor(
    readonly node: T,
    private readonly keyOf: (row: T) => unknown[],
  ) {}

  get cursor(): string {
    return encodeCursor(this.keyOf(this.node));
  }
}

/** Builds a connection from `first + 1` rows fetched after the cursor. */
export function toConnection<T>(
  rows: T[],
  request: PageRequest,
  totalCount: number,
  keyOf: (row: T) => unknown[],
): ConnectionResult<T> {
  const page = rows.slice(0, request.first);
  const edges: Edge<T>[] = page.map((node) => new LazyEdge(node, keyOf));
  return {
    edges,
    totalCount,
    pageInfo: {
      hasNextPage: rows.length > request.first,
      hasPreviousPage: request.after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/**
 * type-graphql classes for `<Name>Connection` and `<Name>Edge` over a node type. A search whose results carry a
 * value that depends on the search (a distance from its point, say) passes its own edge class holding that value:
 * per-search values belong on the edge, never on the node, which clients cache by id.
 */
export function Connection<T extends object>(name: string, nodeType: ClassType<T>, edgeType?: ClassType) {
  const EdgeClass = edgeType ?? defaultEdge(name, nodeType);

  @ObjectType({ description: `A page of ${name} items, Relay style.` })
  abstract class ConnectionType {
    @Field(() => [EdgeClass], { description: 'The items of this page, in order.' })
    edges!: Edge<T>[];

    @Field(() => PageInfo, { description: 'Where this page stands among the others.' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Items matching the filter, over all pages.' })
    totalCount!: number;
  }
  return ConnectionType;
}

function defaultEdge<T extends object>(name: string, nodeType: ClassType<T>): ClassType {
  @ObjectType(`${name}Edge`, { description: `One ${name} of a page, with its cursor.` })
  class EdgeType {
    @Field(() => nodeType, { description: `The ${name}.` })
    node!: T;

    @Field({ description: 'Opaque cursor of this item, for `after`.' })
    cursor!: string;
  }
  return EdgeType;
}
