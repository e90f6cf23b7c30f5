import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { forbidden } from '../../../common/auth';
import { badUserInput } from '../../shared/errors';
import type { PlacesContext } from '../context';
import { Place } from '../place/place.entity';
import { ChangedEntity, PlaceChangePage, PlaceImport, PlaceSource, type ChangeKind } from './exchange.types';

const MAX_IMPORTS = 100;
const MAX_CHANGES = 1000;

@Resolver(() => Place)
export class ExchangeResolver {
  @FieldResolver(() => [PlaceSource], {
    description: 'Where this place comes from: one entry per source record.',
  })
  sources(@Root() place: Place, @Ctx() ctx: PlacesContext): Promise<PlaceSource[]> {
    return ctx.loaders.placeSources.load(place.id);
  }

  @Query(() => [PlaceImport], {
    nullable: true,
    description: 'Imports of places, latest first, with their reports (admin: all; a partner: its own).',
  })
  async placeImports(
    @Ctx() ctx: PlacesContext,
    @Arg('first', () => Int, { defaultValue: 20, description: 'How many, 1 to 100.' }) first: number,
    @Arg('source', () => String, { nullable: true, description: 'Only this source.' }) source?: string | null,
  ): Promise<PlaceImport[]> {
    const { viewer } = ctx;
    if (viewer.role !== 'admin' && viewer.role !== 'partner')
      throw forbidden('imports are visible to admins and partners');
    if (first < 1 || first > MAX_IMPORTS) throw badUserInput('first', `must be between 1 and ${MAX_IMPORTS}`);
    if (source != null && source.length > 100) throw badUserInput('source', 'at most 100 characters');
    const rows = await ctx.em.execute<Record<string, any>[]>(
      `select id::text, source, file, format, dry_run, strict, status, counts, report,
       (extract(epoch from started_at) * 1000)::float8 as started_at, (extract(epoch from finished_at) * 1000)::float8 as finished_at
       from place_import
       where (?::uuid is null or organization_id = ?::uuid) and (?::text is null or source = ?::text)
       order by started_at desc, id limit ?`,
      [
        viewer.role === 'partner' ? viewer.organizationId : null,
        viewer.role === 'partner' ? viewer.organizationId : null,
        source ?? null,
        source ?? null,
        first,
      ],
    );
    const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
    return rows.map((r) => ({
      id: r.id,
      source: r.source,
      file: r.file,
      format: r.format,
      dryRun: r.dry_run,
      strict: r.strict,
      status: r.status,
      counts: {
        rows: 0,
        created: 0,
        updated: 0,
        unchanged: 0,
        rejected: 0,
        skipped: 0,
        merged: 0,
        ...json(r.counts),
      },
      report: json(r.report),
      startedAt: new Date(Number(r.started_at)),
      finishedAt: r.finished_at != null ? new Date(Number(r.finished_at)) : null,
    }));
  }

  @Query(() => PlaceChangePage, {
    nullable: true,
    description:
      'Changes of places and organizations after a cursor, in commit order, deletions included (tombstones): ' +
      'start with after: "0", then pass endCursor. No change is skipped or repeated while writes go on.',
  })
  async placeChanges(
    @Ctx() ctx: PlacesContext,
    @Arg('after', () => String, {
      defaultValue: '0',
      description: 'A cursor from a previous page; "0" for the start.',
    })
    after: string,
    @Arg('first', () => Int, { defaultValue: 100, description: 'Page size, 1 to 1000.' }) first: number,
    @Arg('entity', () => ChangedEntity, { nullable: true, description: 'Only changes of this type.' })
    entity?: ChangedEntity | null,
  ): Promise<PlaceChangePage> {
    if (!/^\d{1,18}$/.test(after)) throw badUserInput('after', 'not a cursor of this feed');
    if (first < 1 || first > MAX_CHANGES) throw badUserInput('first', `must be between 1 and ${MAX_CHANGES}`);
    const rows = await ctx.em.execute<
      { seq: string; entity: ChangedEntity; entity_id: string; kind: ChangeKind; changed_at: string | Date }[]
    >(
      `select seq::text as seq, entity, entity_id::text as entity_id, kind, (extract(epoch from changed_at) * 1000)::float8 as changed_at from place_change
       where seq > ?::bigint and (?::text is null or entity = ?::text) order by seq limit ?`,
      [after, entity ?? null, entity ?? null, first + 1],
    );
    const page = rows.slice(0, first);
    return {
      changes: page.map((r) => ({
        cursor: r.seq,
        entity: r.entity,
        id: r.entity_id,
        kind: r.kind,
        changedAt: new Date(Number(r.changed_at)),
      })),
      endCursor: page.length ? page[page.length - 1].seq : after,
      hasMore: rows.length > first,
    };
  }
}
