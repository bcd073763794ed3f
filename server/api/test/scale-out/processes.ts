import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const apiDir = fileURLToPath(new URL('../..', import.meta.url));
const mainPath = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

export interface ServerProcess {
  role: 'api' | 'worker';
  url: string;
  child: ChildProcess;
  /** The last few KB of what it wrote, for a failing test's message. */
  output(): string;
  /** The command lines of the processes it started itself (an export runs in one). */
  children(): string[];
  /** SIGKILL to the process and everything it started, as when its machine dies. */
  killHard(): void;
  stop(): Promise<void>;
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * `pnpm start` as a real child process with PROCESS_ROLE=role, in a process group of its own, resolved
 * once it printed that it is ready.
 */
export async function startServerProcess(role: 'api' | 'worker', env: Record<string, string>, timeoutMs = 90_000): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', mainPath], {
    cwd: apiDir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, PORT: String(port), PROCESS_ROLE: role, NODE_ENV: 'test' },
  });
  let output = '';
  const keep = (data: Buffer) => (output = (output + data.toString()).slice(-8000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${role} did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    child.stdout!.on('data', () => {
      if (/is ready/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${role} exited with ${code} before it was ready:\n${output}`));
    });
  });

  const killHard = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  return {
    role,
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    children() {
      try {
        return execFileSync('ps', ['-o', 'args=', '--ppid', String(child.pid)], { encoding: 'utf8' }).split('\n').filter(Boolean);
      } catch {
        return []; // ps exits 1 when there is none
      }
    },
    killHard,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(-child.pid!, 'SIGTERM');
      const killer = setTimeout(killHard, 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** Polls `probe` until it returns something other than null/undefined/false. */
export async function eventually<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}
