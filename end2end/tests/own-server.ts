/**
 * A campgrid server of a spec's own: the release binary (CAMPGRID_E2E_BIN, set by .ci/e2e.sh)
 * on an address of its own, for specs that need a fresh database or a restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export const BIN = process.env.CAMPGRID_E2E_BIN ?? '';
/** The built site and the hash file beside the binary (the specs run in end2end/). */
export const SITE = process.env.CAMPGRID_E2E_SITE ?? '';
export const HASH_FILE = process.env.CAMPGRID_E2E_HASH_FILE ?? '';

export type OwnServer = { child: ChildProcess; origin: string; stdout: () => string };

async function healthy(child: ChildProcess, origin: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`campgrid exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${origin}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('campgrid did not become healthy');
}

/**
 * Starts `campgrid serve` on `listen` with `args` (the built site unless they name another);
 * resolves once it answers /healthz.
 */
export async function startServer(listen: string, args: string[]): Promise<OwnServer> {
  const site = args.includes('--site-root') ? [] : ['--site-root', SITE, '--hash-file', HASH_FILE];
  const child = spawn(BIN, ['serve', '--listen', listen, ...site, ...args], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const origin = `http://${listen}`;
  await healthy(child, origin);
  return { child, origin, stdout: () => out };
}

/** Stops the server; its pages must be closed first (graceful shutdown waits for them). */
export async function stopServer(server: OwnServer): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
