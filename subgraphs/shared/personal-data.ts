import { Directive, UseMiddleware, type MiddlewareFn } from 'type-graphql';
import { forbidden, type Viewer } from './auth';

export interface PersonalDataOptions<T> {
  /** The organization the data belongs to (a person's employer, a carnet's prescriber): its partners may read it. */
  owner?: (root: T) => string | null | undefined;
}

/**
 * Marks a field as personal data (a person's last name, e-mail, phone; a beneficiary's profile): the one
 * mechanism access control uses. Only admins, and partners of the owning organization, read it; anyone
 * else gets null on that field with a FORBIDDEN error on its path, the rest of the answer intact. The field
 * must therefore be nullable. It shows in the schema files as `@tag(name: "personal-data")`.
 */
export function PersonalData<T = any>(
  options: PersonalDataOptions<T> = {},
): PropertyDecorator & MethodDecorator {
  const guard: MiddlewareFn<{ viewer: Viewer }> = ({ root, context, info }, next) => {
    const { viewer } = context;
    const owner = options.owner?.(root as T);
    if (
      viewer.role === 'admin' ||
      (viewer.role === 'partner' && owner != null && owner === viewer.organizationId)
    )
      return next();
    throw forbidden(`${info.parentType.name}.${info.fieldName} is personal data`);
  };
  const decorators = [Directive('@tag(name: "personal-data")'), UseMiddleware(guard)];
  return (target: object, key: string | symbol, descriptor?: PropertyDescriptor) => {
    for (const decorate of decorators) {
      if (descriptor) (decorate as MethodDecorator)(target, key, descriptor);
      else (decorate as PropertyDecorator)(target, key);
    }
  };
}
