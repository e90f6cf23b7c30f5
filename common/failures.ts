import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError } from 'graphql';
import { REQUEST_ID_HEADER } from './admission';
import { redact } from './redact';

/** Codes of failures worth a log line (the server's or a dependency's fault, not the caller's). */
const LOGGED = new Set([
  'INTERNAL_SERVER_ERROR',
  'SUBGRAPH_UNAVAILABLE',
  'SUBGRAPH_TIMEOUT',
  'DATABASE_TIMEOUT',
]);

/** At most one stack trace per distinct message in this window (STACK_TRACE_INTERVAL_SECONDS, default 60). */
const stackEvery = () => Number(process.env.STACK_TRACE_INTERVAL_SECONDS ?? 60) * 1000;
const lastStack = new Map<string, number>();

/** One log line, JSON when LOG_FORMAT=json. */
export function logLine(
  level: 'info' | 'warn' | 'error',
  message: string,
  fields: Record<string, unknown> = {},
) {
  const write = level === 'info' ? console.log : console.error;
  if (process.env.LOG_FORMAT === 'json') {
    write(JSON.stringify({ time: new Date().toISOString(), level, message, ...fields }));
  } else {
    const extra = Object.entries(fields)
      .filter(([key, value]) => value !== undefined && key !== 'stack')
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
      .join(' ');
    write(
      `${level}: ${message}${extra ? ` ${extra}` : ''}${fields.stack ? `\n${fields.stack as string}` : ''}`,
    );
  }
}

/** Logs a failure in one line; its stack trace only when none was printed for the same message recently. */
export function logFailure(error: unknown, fields: Record<string, unknown> = {}): void {
  // Redacted: a failing statement's message carries the row's values, personal data included.
  const message = redact(error instanceof Error ? error.message : String(error));
  const now = Date.now();
  const key = message.slice(0, 200);
  let stack: string | undefined;
  if (error instanceof Error && now - (lastStack.get(key) ?? 0) >= stackEvery()) {
    lastStack.set(key, now);
    if (lastStack.size > 1000) lastStack.delete(lastStack.keys().next().value as string);
    // Frames only: the stack's first line repeats the unredacted message.
    stack = (error.stack ?? '')
      .split('\n')
      .filter((line) => /^\s+at /.test(line))
      .slice(0, 15)
      .join('\n');
  }
  logLine('error', message, { ...fields, stack });
}

/** The database gave up in time (statement_timeout, a client query timeout, or no pooled connection in time). */
export function isDatabaseTimeout(error: unknown): boolean {
  const e = error as { code?: string; name?: string; message?: string } | undefined;
  return (
    e?.code === '57014' ||
    e?.name === 'KnexTimeoutError' ||
    /Query read timeout|Knex: Timeout acquiring a connection|timeout exceeded when trying to connect/.test(
      e?.message ?? '',
    )
  );
}

/** What a database timeout looks like to the client: a stable code, nothing of the SQL. */
export function databaseTimeoutError(): GraphQLError {
  return new GraphQLError('the database did not answer in time; retry later', {
    extensions: { code: 'DATABASE_TIMEOUT' },
  });
}

/** Logs each failed request's server-side errors once, with its request id (the caller's mistakes are not logged). */
export function failureLogPlugin<C extends BaseContext>(service: string): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, request }) {
          const requestId = request.http?.headers.get(REQUEST_ID_HEADER);
          for (const error of errors) {
            const original = unwrapResolverError(error);
            const code = isDatabaseTimeout(original)
              ? 'DATABASE_TIMEOUT'
              : ((error.extensions?.code as string | undefined) ??
                (original instanceof GraphQLError ? undefined : 'INTERNAL_SERVER_ERROR'));
            if (!code || !LOGGED.has(code)) continue;
            logFailure(original, {
              service,
              requestId,
              code,
              path: error.path?.join('.'),
              serviceName: error.extensions?.serviceName,
            });
          }
        },
      };
    },
  };
}
