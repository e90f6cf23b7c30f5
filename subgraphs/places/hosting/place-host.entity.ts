import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** An organization the place's owner agreed to host: its staff's permanences and its sessions may be set there. */
@Entity({ tableName: 'place_host' })
export class PlaceHost {
  @PrimaryKey({ type: 'uuid' })
  placeId!: string;

  @PrimaryKey({ type: 'uuid' })
  organizationId!: string;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
