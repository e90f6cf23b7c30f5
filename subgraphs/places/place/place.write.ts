import { todayInParis } from '../../shared/today';
import type { EntityManager } from '@mikro-orm/postgresql';
import { InputProblems } from '../../shared/errors';
import { foldForSearch } from '../../shared/text';
import { openingHoursError } from '../../shared/opening-hours';
import { INSEE_CODE_PATTERN } from '../../shared/scalars';
import { UUID_PATTERN } from '../../../common/uuid';
import { isValidRna, isValidSiren, isValidSiret } from '../../shared/siret';
import { checks } from '../../shared/validation';
import { Commune } from '../territory/commune.entity';
import { Organization } from '../organization/organization.entity';
import { Place } from './place.entity';
import type { PlaceInput } from './place.input';
import { kindFromTypologies } from './place.vocabulary';

/** A pivot is a SIRET (Luhn), a SIREN (Luhn) or an RNA number. */
export function isValidPivot(value: string): boolean {
  return isValidSiret(value) || isValidSiren(value) || isValidRna(value);
}

const REQUIRED_ON_CREATE = ['name', 'address', 'postalCode', 'inseeCode'] as const;

/** Checks that need no database: formats, ranges, lengths, syntax. */
export function checkPlaceInput(input: PlaceInput, creating: boolean): InputProblems {
  const problems = new InputProblems();
  if (creating) {
    for (const field of REQUIRED_ON_CREATE)
      if (input[field] == null) problems.add(`input.${field}`, 'is required');
    if (input.pivot == null && input.organizationId == null)
      problems.add('input.pivot', 'pivot or organizationId is required');
  } else {
    for (const field of [...REQUIRED_ON_CREATE, 'pivot'] as const)
      if (input[field] === null) problems.add(`input.${field}`, 'must not be null');
  }
  checks.requiredText(problems, 'input.name', input.name);
  checks.requiredText(problems, 'input.address', input.address);
  checks.optionalText(problems, 'input.addressComplement', input.addressComplement, 300);
  checks.optionalText(problems, 'input.communeName', input.communeName, 100);
  checks.optionalText(problems, 'input.summary', input.summary, 280);
  checks.optionalText(problems, 'input.description', input.description);
  checks.optionalText(problems, 'input.source', input.source, 300);
  checks.optionalText(problems, 'input.parentStructure', input.parentStructure, 300);
  checks.optionalText(problems, 'input.sourceId', input.sourceId, 200);
  if (input.pivot != null && !isValidPivot(input.pivot)) {
    problems.add(
      'input.pivot',
      'must be a SIRET (14 digits, Luhn), a SIREN (9 digits, Luhn) or an RNA number (W + 9 digits)',
    );
  }
  if (input.organizationId != null && !UUID_PATTERN.test(input.organizationId))
    problems.add('input.organizationId', 'not an organization id');
  if (input.postalCode != null && !/^\d{5}$/.test(input.postalCode))
    problems.add('input.postalCode', 'must be 5 digits');
  if (input.inseeCode != null && !INSEE_CODE_PATTERN.test(input.inseeCode))
    problems.add('input.inseeCode', 'not an INSEE commune code');
  checks.latitude(problems, 'input.latitude', input.latitude);
  checks.longitude(problems, 'input.longitude', input.longitude);
  // Set together and cleared together: an explicit null for one alone would break the row's coordinates check.
  const cleared = [input.latitude === null, input.longitude === null];
  if ((cleared[0] || cleared[1]) && !(cleared[0] && cleared[1])) {
    problems.add(
      cleared[0] ? 'input.latitude' : 'input.longitude',
      'latitude and longitude are cleared together',
    );
  }
  checks.phone(problems, 'input.phone', input.phone);
  checks.emails(problems, 'input.emails', input.emails);
  checks.urls(problems, 'input.websites', input.websites ?? []);
  checks.urls(problems, 'input.accessibilitySheetUrl', [input.accessibilitySheetUrl]);
  checks.urls(problems, 'input.appointmentUrl', [input.appointmentUrl]);
  if (input.openingHours != null) {
    const error = openingHoursError(input.openingHours);
    if (error) problems.add('input.openingHours', `not valid OpenStreetMap opening_hours: ${error}`);
  }
  if (input.otherLabels != null && input.otherLabels.some((l) => l.length > 200 || l.includes('|'))) {
    problems.add('input.otherLabels', 'labels are at most 200 characters and contain no |');
  }
  return problems;
}

/**
 * Validates against the database (commune exists, postal code belongs to it, organization exists and
 * matches the pivot) and applies the input to the place. Throws BAD_USER_INPUT before any write.
 */
export async function applyPlaceInput(
  em: EntityManager,
  place: Place,
  input: PlaceInput,
  creating: boolean,
): Promise<void> {
  const problems = checkPlaceInput(input, creating);
  problems.throwIfAny();

  const inseeCode = input.inseeCode ?? place.inseeCode;
  const commune = await em.findOne(Commune, { inseeCode });
  if (!commune) problems.add('input.inseeCode', `unknown commune ${inseeCode}`);
  const postalCode = input.postalCode ?? place.postalCode;
  if (
    commune &&
    (input.postalCode != null || input.inseeCode != null) &&
    !commune.postalCodes.includes(postalCode)
  ) {
    problems.add(
      'input.postalCode',
      `${postalCode} is not a postal code of ${commune.name} (${commune.postalCodes.join(', ')})`,
    );
  }

  let organization: Organization | null = null;
  if (input.organizationId != null) {
    organization = await em.findOne(Organization, { id: input.organizationId });
    if (!organization) problems.add('input.organizationId', 'unknown organization');
  } else if (input.pivot != null) {
    organization = await em.findOne(Organization, { $or: [{ siret: input.pivot }, { rna: input.pivot }] });
  }
  const pivot =
    input.pivot ?? (input.organizationId != null ? (organization?.siret ?? organization?.rna) : undefined);
  if (
    organization &&
    input.pivot != null &&
    input.organizationId != null &&
    ![organization.siret, organization.rna].includes(input.pivot)
  ) {
    problems.add('input.pivot', 'does not match the organization’s SIRET or RNA');
  }
  problems.throwIfAny();

  const { organizationId: _org, pivot: _pivot, updatedOn, latitude, longitude, ...fields } = input;
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const target = place as unknown as Record<string, unknown>;
    // A null list clears it; lists are stored without duplicates.
    target[key] = Array.isArray(value)
      ? [...new Set(value)]
      : value === null && Array.isArray(target[key])
        ? []
        : value;
  }
  if (latitude !== undefined) place.latitude = latitude;
  if (longitude !== undefined) place.longitude = longitude;
  if (pivot) place.pivot = pivot;
  if (input.organizationId !== undefined || input.pivot != null)
    place.organizationId = organization?.id ?? null;
  if (commune && (input.inseeCode != null || creating) && input.communeName == null)
    place.communeName = commune.name;
  place.updatedOn = updatedOn ? updatedOn.toISOString().slice(0, 10) : todayInParis();
  place.kind = kindFromTypologies(place.typologies);
  place.searchText = placeSearchText(place);
}

/** The folded text free-text search runs over. */
export function placeSearchText(
  place: Pick<Place, 'name' | 'communeName' | 'address' | 'postalCode' | 'summary'>,
): string {
  return foldForSearch(
    [place.name, place.communeName, place.address, place.postalCode, place.summary ?? ''].join(' '),
  );
}
