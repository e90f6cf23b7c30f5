import { Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../../shared/scalars';

@ObjectType({
  description: 'Where an imported record comes from (the La Coop sync), and when it was fetched.',
})
export class Provenance {
  @Field({ description: 'The system it was imported from: `lacoop` (La Coop de la médiation numérique).' })
  source!: string;

  @Field({ description: 'Its id in that system.' })
  upstreamId!: string;

  @Field(() => DateTimeScalar, { description: 'When the version the hub holds was fetched.' })
  fetchedAt!: Date;

  @Field(() => String, {
    nullable: true,
    description:
      'For help at a La Coop place the hub has not matched to one of its places yet: the La Coop structure id.',
  })
  upstreamPlaceId?: string | null;
}

/**
 * The provenance columns of a record the La Coop sync may import (`Person`, `Activity` extend it): all null for
 * records made in the hub, all set for imported ones (a check constraint of each table holds that).
 */
export abstract class Importable {
  @Property({ type: 'string', length: 16, nullable: true })
  source?: string | null;

  @Property({ type: 'string', length: 64, nullable: true })
  upstreamId?: string | null;

  @Property({ type: 'datetime', nullable: true })
  fetchedAt?: Date | null;
}

export function provenanceOf(record: {
  source?: string | null;
  upstreamId?: string | null;
  fetchedAt?: Date | null;
  upstreamStructureId?: string | null;
}): Provenance | null {
  if (!record.source || !record.upstreamId || !record.fetchedAt) return null;
  return {
    source: record.source,
    upstreamId: record.upstreamId,
    fetchedAt: record.fetchedAt,
    upstreamPlaceId: record.upstreamStructureId ?? null,
  };
}
