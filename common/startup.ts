import type { Server } from 'node:http';
import { listen } from './http';

/**
 * Exit code of a process that cannot start because of its configuration or environment (data folder owned by
 * another process, port taken or refused): restarting it would fail the same way, so the supervisor does not.
 */
export const EXIT_CONFIG = 78;

/** Prints a one-line reason and exits with EXIT_CONFIG. */
export function exitConfig(message: string): never {
  console.error(message);
  process.exit(EXIT_CONFIG);
}

/**
 * The ports Node's fetch (the Fetch standard's "bad ports") refuses to connect to: a service there could
 * never be reached by the gateway or the supervisor's readiness probe.
 */
export const FETCH_BLOCKED_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104,
  109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515,
  526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049,
  3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

/** Why a port cannot serve, or undefined. */
export function portProblem(variable: string, port: number): string | undefined {
  if (FETCH_BLOCKED_PORTS.has(port))
    return `${variable}=${port} is on the Fetch standard's blocked-port list (Node's fetch refuses it): choose another port`;
  return undefined;
}

/** Listens, or exits with a clear message when the port is taken, refused or blocked. */
export async function listenOrExit(
  server: Server,
  variable: string,
  port: number,
  host: string,
): Promise<number> {
  const problem = portProblem(variable, port);
  if (problem) exitConfig(problem);
  try {
    return await listen(server, port, host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      exitConfig(`${variable}=${port}: port already in use on ${host} (another hub or program holds it)`);
    if (code === 'EACCES') exitConfig(`${variable}=${port}: permission denied to listen on ${host}:${port}`);
    if (code === 'EADDRNOTAVAIL') exitConfig(`HOST=${host} is not an address of this machine`);
    throw error;
  }
}
