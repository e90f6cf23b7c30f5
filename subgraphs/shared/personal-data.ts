import { Directive } from 'type-graphql';

/** GraphQL type name -> its fields holding personal data. */
const personalFields = new Map<object, Set<string>>();

/**
 * Marks a field as personal data (a person's last name, e-mail, phone; a beneficiary's profile): the one
 * mechanism access control reads. It is visible in the schema files as `@tag(name: "personal-data")`.
 */
export function PersonalData(): PropertyDecorator & MethodDecorator {
  const tag = Directive('@tag(name: "personal-data")');
  return (target: object, key: string | symbol, descriptor?: PropertyDescriptor) => {
    const fields = personalFields.get(target.constructor) ?? new Set<string>();
    fields.add(String(key));
    personalFields.set(target.constructor, fields);
    if (descriptor) (tag as MethodDecorator)(target, key, descriptor);
    else (tag as PropertyDecorator)(target, key);
  };
}

/** The personal-data fields declared on a class (the entity or object type). */
export function personalDataFields(type: object): ReadonlySet<string> {
  return personalFields.get(type) ?? new Set();
}
