import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar, JSONObjectScalar } from '../../shared/scalars';

@ObjectType({ description: 'One source record a place comes from (provenance).' })
export class PlaceSource {
  @Field({ description: 'The source name given to the import (`--source`).' })
  source!: string;

  @Field({ description: 'The record’s id in that source (standard field `id`).' })
  sourceId!: string;

  @Field(() => DateTimeScalar, { description: 'When this record was last imported.' })
  importedAt!: Date;

  @Field(() => String, { nullable: true, description: 'The file it was read from.' })
  file?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Its row in that file (CSV line, or position in a JSON array).',
  })
  row?: number | null;

  @Field(() => ID, { nullable: true, description: 'The import that wrote it (see `placeImports`).' })
  importId?: string | null;
}

@ObjectType({ description: 'Counts of an import, row by row.' })
export class PlaceImportCounts {
  @Field(() => Int, { description: 'Rows read.' })
  rows!: number;
  @Field(() => Int, { description: 'New places.' })
  created!: number;
  @Field(() => Int, { description: 'Places this source had given before, changed.' })
  updated!: number;
  @Field(() => Int, { description: 'Rows identical to what the hub holds.' })
  unchanged!: number;
  @Field(() => Int, { description: 'Rows refused (see the report), nothing written for them.' })
  rejected!: number;
  @Field(() => Int, { description: 'Rows outside the territory or the `departement` asked for.' })
  skipped!: number;
  @Field(() => Int, {
    description: 'Rows found to be a place already known from another source, merged into it.',
  })
  merged!: number;
}

@ObjectType({ description: 'An import of a file of places and its report.' })
export class PlaceImport {
  @Field(() => ID, { description: 'The import id.' })
  id!: string;
  @Field({ description: 'The source name.' })
  source!: string;
  @Field({ description: 'The file name.' })
  file!: string;
  @Field({ description: 'csv, json or data-inclusion.' })
  format!: string;
  @Field({ description: 'A dry run writes nothing but this record.' })
  dryRun!: boolean;
  @Field({ description: 'All-or-nothing: any rejected row refuses the whole file.' })
  strict!: boolean;
  @Field({ description: 'RUNNING, DONE or FAILED (refused or broken: nothing written).' })
  status!: string;
  @Field(() => PlaceImportCounts, { description: 'Row counts.' })
  counts!: PlaceImportCounts;
  @Field(() => JSONObjectScalar, {
    nullable: true,
    description:
      'The full report: rejected cells (row, id, field, value, problem), merges, skips, normalisations.',
  })
  report?: Record<string, unknown> | null;
  @Field(() => DateTimeScalar, { description: 'Start.' })
  startedAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: 'End; null while running.' })
  finishedAt?: Date | null;
}

export enum ChangeKind {
  UPSERT = 'UPSERT',
  DELETE = 'DELETE',
}
registerEnumType(ChangeKind, {
  name: 'ChangeKind',
  description: 'What happened to the entity.',
  valuesConfig: {
    UPSERT: { description: 'Créé ou modifié\n\nCreated or changed: read it again.' },
    DELETE: { description: 'Supprimé\n\nDeleted (a tombstone): drop it.' },
  },
});

export enum ChangedEntity {
  Place = 'Place',
  Organization = 'Organization',
}
registerEnumType(ChangedEntity, {
  name: 'ChangedEntity',
  description: 'The type of a changed entity.',
  valuesConfig: {
    Place: { description: 'Lieu\n\nA place (`place(id:)`).' },
    Organization: { description: 'Structure\n\nAn organization (`organization(id:)`).' },
  },
});

@ObjectType({ description: 'One change of a place or an organization, in commit order.' })
export class PlaceChange {
  @Field({ description: 'Its position in the feed: pass it as `after` to read what follows.' })
  cursor!: string;
  @Field(() => ChangedEntity, { description: 'Place or Organization.' })
  entity!: ChangedEntity;
  @Field(() => ID, {
    description: 'The entity id (resolve it with `place` / `organization`; gone after DELETE).',
  })
  id!: string;
  @Field(() => ChangeKind, { description: 'UPSERT or DELETE.' })
  kind!: ChangeKind;
  @Field(() => DateTimeScalar, { description: 'When it was committed.' })
  changedAt!: Date;
}

@ObjectType({ description: 'A page of the change feed.' })
export class PlaceChangePage {
  @Field(() => [PlaceChange], { description: 'Changes after the cursor asked for, oldest first.' })
  changes!: PlaceChange[];
  @Field({ description: 'The cursor to ask for next (the last change’s, or the one given when none).' })
  endCursor!: string;
  @Field({ description: 'Whether more changes follow right now.' })
  hasMore!: boolean;
}
