import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { isValidSiret } from './siret';

export {
  GraphQLDate as DateScalar,
  GraphQLDateTime as DateTimeScalar,
  GraphQLEmailAddress as EmailAddressScalar,
  GraphQLJSON as JSONScalar,
  GraphQLJSONObject as JSONObjectScalar,
  GraphQLLatitude as LatitudeScalar,
  GraphQLLongitude as LongitudeScalar,
  GraphQLNonNegativeInt as NonNegativeIntScalar,
  GraphQLPhoneNumber as PhoneNumberScalar,
  GraphQLPostalCode as PostalCodeScalar,
  GraphQLPositiveInt as PositiveIntScalar,
  GraphQLURL as URLScalar,
} from 'graphql-scalars';

/** A string scalar checked by a predicate; bad values become BAD_USER_INPUT at validation time. */
function checkedString(name: string, description: string, valid: (v: string) => boolean, hint: string) {
  const check = (value: unknown, ast?: ValueNode): string => {
    if (typeof value !== 'string' || !valid(value)) {
      throw new GraphQLError(`${name} cannot represent ${JSON.stringify(value)}: ${hint}`, {
        ...(ast ? { nodes: ast } : {}),
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    return value;
  };
  return new GraphQLScalarType({
    name,
    description,
    serialize: (v) => v,
    parseValue: (v) => check(v),
    parseLiteral: (ast) => check(ast.kind === Kind.STRING ? ast.value : undefined, ast),
  });
}

/** INSEE code of a commune (code officiel géographique): 5 characters, Corsica's 2A/2B included. */
export const INSEE_CODE_PATTERN = /^([013-9]\d|2[AB1-9])\d{3}$/;

export const InseeCodeScalar = checkedString(
  'InseeCode',
  "Code officiel géographique (INSEE) d'une commune, e.g. 47001 for Agen.",
  (v) => INSEE_CODE_PATTERN.test(v),
  'expected a 5-character INSEE commune code',
);

export const SiretScalar = checkedString(
  'Siret',
  'SIRET establishment number: 14 digits passing the Luhn check (La Poste: digit sum multiple of 5).',
  isValidSiret,
  'expected 14 digits passing the Luhn check',
);
