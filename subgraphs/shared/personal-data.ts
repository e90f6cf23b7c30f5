import { Directive, UseMiddleware, type MiddlewareFn } from 'type-graphql';
import { forbidden, type Viewer } from '../../common/auth';

type Owners = string | null | undefined | readonly (string | null | undefined)[];

export interface PersonalDataOptions<T, C = any> {
  /**
   * The organizations the value belongs to (a person's employer, a carnet's prescriber, a pass's prescriber and
   * the trainer that redeemed it): their partners may read it. May load (through the request's DataLoaders).
   */
  owner?: (root: T, context: C) => Owners | Promise<Owners>;
  /** How the schema tags the field: `personal-data` (default) or `secret` (a Pass serial, a bearer instrument). */
  tag?: 'personal-data' | 'secret';
}

/** Whether a viewer reads a restricted value owned by these organizations: admins, and partners of an owner. */
export function readsRestricted(viewer: Viewer, owners: Owners): boolean {
  if (viewer.role === 'admin') return true;
  if (viewer.role !== 'partner' || !viewer.organizationId) return false;
  const list = Array.isArray(owners) ? owners : [owners];
  return list.includes(viewer.organizationId);
}

/**
 * Marks a field as restricted (personal data: a person's last name, e-mail, phone, a beneficiary's profile; a
 * secret: a Pass serial): the one mechanism access control uses, on the type, so every path (a query, a nested
 * field, `_entities`) gets the same rule. Only admins, and partners of an owning organization, read it; anyone
 * else gets null on that field with a FORBIDDEN error on its path, the rest of the answer intact. The field must
 * therefore be nullable. It shows in the schema files as `@tag(name: "personal-data")` (or `"secret"`).
 */
export function PersonalData<T = any, C extends { viewer: Viewer } = any>(
  options: PersonalDataOptions<T, C> = {},
): PropertyDecorator & MethodDecorator {
  const tag = options.tag ?? 'personal-data';
  const guard: MiddlewareFn<C> = async ({ root, context, info }, next) => {
    const { viewer } = context;
    // Owners are looked up only for a partner: nobody else could be one.
    const owners = viewer.role === 'partner' ? await options.owner?.(root as T, context) : undefined;
    if (readsRestricted(viewer, owners)) return next();
    throw forbidden(
      `${info.parentType.name}.${info.fieldName} is ${tag === 'secret' ? 'a secret' : 'personal data'}`,
      info,
    );
  };
  const decorators = [Directive(`@tag(name: "${tag}")`), UseMiddleware(guard)];
  return (target: object, key: string | symbol, descriptor?: PropertyDescriptor) => {
    for (const decorate of decorators) {
      if (descriptor) (decorate as MethodDecorator)(target, key, descriptor);
      else (decorate as PropertyDecorator)(target, key);
    }
  };
}
