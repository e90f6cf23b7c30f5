import {
  ReferenceKind,
  SCALAR_TYPES,
  type EntityManager,
  type EntityProperty,
  type MetadataStorage,
} from '@mikro-orm/core';

export interface ReadOnlyMapper<T> {
  map(row: Record<string, unknown>): T;
  columnOf(property: string): string | undefined;
  columns: string[];
}

/** One mapper per ORM instance (its metadata) and entity: built once, reused by every request. */
const mappers = new WeakMap<MetadataStorage, Map<string, ReadOnlyMapper<object>>>();

/**
 * Maps raw rows of an entity's table to read-only plain objects of its shape, converted exactly as `em.map`
 * does (the driver's result mapping, scalar validation, then the ORM's own hydrator), but unmanaged: no
 * identity map, no unit of work, and not instances of the class, whose prototype carries the ORM's
 * change-tracking accessors (each instance would get its own). For large read-only pages (a map's 500
 * places), where managed entities cost more than the query. Never persist them; properties whose column was
 * not selected stay undefined. For entities without relations and without methods.
 */
export function readOnlyMapper<T extends object>(
  em: EntityManager,
  entity: new (...args: never[]) => T,
): ReadOnlyMapper<T> {
  const storage = em.getMetadata();
  const known = mappers.get(storage) ?? new Map<string, ReadOnlyMapper<object>>();
  mappers.set(storage, known);
  let mapper = known.get(entity.name) as ReadOnlyMapper<T> | undefined;
  if (!mapper) {
    mapper = buildMapper(em, entity);
    known.set(entity.name, mapper);
  }
  return mapper;
}

function buildMapper<T extends object>(
  em: EntityManager,
  entity: new (...args: never[]) => T,
): ReadOnlyMapper<T> {
  const meta = em.getMetadata().get<T>(entity.name);
  const scalar = (p: EntityProperty) => p.kind === ReferenceKind.SCALAR && p.fieldNames?.length === 1;
  const stored = meta.props.filter((p) => p.persist !== false);
  if (!stored.every(scalar)) throw new Error(`readOnlyMapper: ${entity.name} has relations`);
  const validated = stored.filter(
    (p) => SCALAR_TYPES.includes(p.runtimeType) && !p.customType && (p.setter || !p.getter),
  );
  const driver = em.getDriver();
  const validator = em.getValidator();
  const hydrator = em.getHydrator();
  const factory = em.getEntityFactory();
  const columnByProperty = new Map(stored.map((p) => [p.name as string, p.fieldNames[0]]));
  return {
    columns: [...columnByProperty.values()],
    columnOf: (property) => columnByProperty.get(property),
    map(row) {
      const data = driver.mapResult(row as never, meta) as Record<string, unknown>;
      for (const prop of validated) {
        if (data[prop.name] !== undefined)
          data[prop.name] = validator.validateProperty(prop, data[prop.name], data);
      }
      const instance = {} as T;
      hydrator.hydrate(instance, meta, data as never, factory, 'full', false, true);
      return instance;
    },
  };
}
