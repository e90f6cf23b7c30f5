import { buildASTSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType, parse } from 'graphql';

/** Federation's own machinery (join__, link__, _Service, _entities…), not the hub's API. */
const INTERNAL = /^(join__|link__|_|__)|^(link|join|inaccessible|tag|Query\._entities|Query\._service)$/;

/** Every schema element of the public API without a description: types, fields, arguments, enum values. */
export function undescribed(sdl: string): string[] {
  const schema = buildASTSchema(parse(sdl), { assumeValidSDL: true });
  const missing: string[] = [];
  const need = (path: string, description: string | null | undefined) => {
    if (!description?.trim()) missing.push(path);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (INTERNAL.test(type.name) || type.name.startsWith('__')) continue;
    if (['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
    need(type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (field.name.startsWith('_')) continue;
        need(`${type.name}.${field.name}`, field.description);
        for (const arg of 'args' in field ? field.args : []) {
          need(`${type.name}.${field.name}(${arg.name})`, arg.description);
        }
      }
    }
    if (isEnumType(type))
      for (const value of type.getValues()) need(`${type.name}.${value.name}`, value.description);
  }
  return missing;
}
