// Shared by the docker-* tests: the repo root and a child-process runner.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));

export interface RunResult { code: number; stdout: string; stderr: string; ms: number }

/** Runs a command in the repo root to completion; never throws on a non-zero exit. */
export function run(cmd: string, args: string[], env: Record<string, string> = {}, timeoutMs = 300_000): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd: root, env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr, ms: Date.now() - started });
      });
  });
}
