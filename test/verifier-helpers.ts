// Shared by the verifier tests: where things are, running the real CLI, and
// reading the case folders (input.log or one file per peer, expected.json).

import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = join(REPO, 'dist/verifier/cli.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs paxos-verify as a user would; `stdin` is written then closed. */
export function runCli(args: string[], options: { stdin?: string | Buffer; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO, env: { ...process.env, NO_COLOR: '' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.on('error', () => {}); // the CLI may exit before reading everything
    child.stdin.end(options.stdin ?? '');
  });
}

export interface CaseExpectation {
  scenario: string;
  profile: 'strict' | 'lenient';
  /** Fixtures of this repository only: run under each of these profiles (safety holds under every one). */
  profiles?: ('strict' | 'lenient')[];
  verdict: 'pass' | 'fail';
  must_report: string[];
  must_not_report?: string[];
  note: string;
}

export interface CaseDir {
  name: string;
  dir: string;
  expected: CaseExpectation;
  /** input.log, or every peer file of the folder. */
  inputs: string[];
}

export function caseDirs(root: string): CaseDir[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(root, e.name, 'expected.json')))
    .map((e) => {
      const dir = join(root, e.name);
      const files = readdirSync(dir).filter((f) => f !== 'expected.json').sort();
      const inputs = files.includes('input.log') ? ['input.log'] : files;
      return {
        name: e.name,
        dir,
        expected: JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as CaseExpectation,
        inputs: inputs.map((f) => join(dir, f)),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function readRepoFile(path: string): string {
  return readFileSync(join(REPO, path), 'utf8');
}
