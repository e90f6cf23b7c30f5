import type { GraphQLError } from 'graphql';
import { clientError } from '../../common/client-error';

/** Bad input: `extensions.code` BAD_USER_INPUT and the offending input field, as DESIGN.md 4 asks. */
export function badUserInput(field: string, message: string): GraphQLError {
  return clientError(`${field}: ${message}`, { extensions: { code: 'BAD_USER_INPUT', field } });
}

/** A refusal with a domain-specific code (e.g. PASS_ALREADY_REDEEMED), still naming the field when there is one. */
export function refusal(code: string, message: string, field?: string): GraphQLError {
  return clientError(message, { extensions: { code, ...(field ? { field } : {}) } });
}

/** Collects every validation problem of one input so the caller hears about all of them at once. */
export class InputProblems {
  private readonly problems: { field: string; message: string }[] = [];

  add(field: string, message: string): void {
    this.problems.push({ field, message });
  }

  check(condition: boolean, field: string, message: string): void {
    if (!condition) this.add(field, message);
  }

  get isEmpty(): boolean {
    return this.problems.length === 0;
  }

  /** Throws one BAD_USER_INPUT error naming the first field and listing all problems. */
  throwIfAny(): void {
    if (this.isEmpty) return;
    const [first] = this.problems;
    throw clientError(this.problems.map((p) => `${p.field}: ${p.message}`).join('; '), {
      extensions: { code: 'BAD_USER_INPUT', field: first.field, problems: this.problems },
    });
  }
}
