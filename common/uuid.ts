/** A UUID as PostgreSQL prints it (any version, either case): ids are checked against it before any look-up. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
