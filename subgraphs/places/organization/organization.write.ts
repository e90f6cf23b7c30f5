import type { EntityManager } from '@mikro-orm/postgresql';
import { InputProblems } from '../../shared/errors';
import { INSEE_CODE_PATTERN } from '../../shared/scalars';
import { isValidRna, isValidSiret } from '../../shared/siret';
import { foldForSearch } from '../../shared/text';
import { checks } from '../../shared/validation';
import { Commune } from '../territory/commune.entity';
import { Organization } from './organization.entity';
import type { OrganizationInput } from './organization.input';

/** Checks that need no database. */
export function checkOrganizationInput(input: OrganizationInput, creating: boolean): InputProblems {
  const problems = new InputProblems();
  if (creating) {
    if (input.name == null) problems.add('input.name', 'is required');
    if (input.kind == null) problems.add('input.kind', 'is required');
    if (input.siret == null && input.rna == null) problems.add('input.siret', 'siret or rna is required');
  } else {
    if (input.name === null) problems.add('input.name', 'must not be null');
    if (input.kind === null) problems.add('input.kind', 'must not be null');
  }
  checks.requiredText(problems, 'input.name', input.name);
  if (input.siret != null && !isValidSiret(input.siret))
    problems.add('input.siret', 'must be 14 digits passing the Luhn check');
  if (input.rna != null && !isValidRna(input.rna))
    problems.add('input.rna', 'must be W followed by 9 digits');
  if (input.inseeCode != null && !INSEE_CODE_PATTERN.test(input.inseeCode))
    problems.add('input.inseeCode', 'not an INSEE commune code');
  checks.urls(problems, 'input.website', [input.website]);
  return problems;
}

/** Validates against the database (commune exists, SIRET/RNA not taken) and applies the input. */
export async function applyOrganizationInput(
  em: EntityManager,
  org: Organization,
  input: OrganizationInput,
  creating: boolean,
) {
  const problems = checkOrganizationInput(input, creating);
  problems.throwIfAny();
  if (input.inseeCode != null && !(await em.findOne(Commune, { inseeCode: input.inseeCode }))) {
    problems.add('input.inseeCode', `unknown commune ${input.inseeCode}`);
  }
  for (const field of ['siret', 'rna'] as const) {
    const value = input[field];
    if (value == null) continue;
    const other = await em.findOne(Organization, { [field]: value, id: { $ne: org.id } });
    if (other) problems.add(`input.${field}`, `already registered to organization ${other.id}`);
  }
  if (!creating && input.siret === null && input.rna === null)
    problems.add('input.siret', 'an organization keeps a siret or an rna');
  if (
    !creating &&
    ((input.siret === null && org.rna == null && input.rna == null) ||
      (input.rna === null && org.siret == null && input.siret == null))
  ) {
    problems.add('input.siret', 'an organization keeps a siret or an rna');
  }
  problems.throwIfAny();

  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    const target = org as unknown as Record<string, unknown>;
    target[key] = Array.isArray(value)
      ? [...new Set(value)]
      : value === null && Array.isArray(target[key])
        ? []
        : value;
  }
  org.searchText = organizationSearchText(org);
}

export function organizationSearchText(org: Pick<Organization, 'name' | 'siret' | 'rna'>): string {
  return foldForSearch([org.name, org.siret ?? '', org.rna ?? ''].join(' '));
}
