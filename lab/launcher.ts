// Runs the services of a Compose file as local peer processes, each on its own
// loopback address (127.0.0.N for the Nth service) and the same port, each
// believing its hostname is its service's, and merges their output the way
// `docker compose up` does: `peer1  | ` prefixes, `Attaching to ...` first,
// `peer1 exited with code 0` as each ends.

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ComposeService } from './compose-file.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const PEER_CLI = path.join(repoRoot, 'dist', 'peer', 'cli.js');
/** Where hostsfiles are looked for when the Compose file's folder lacks them (as the image's WORKDIR holds both). */
const HOSTSFILE_FOLDERS = ['compose/testcase1', 'compose/testcase2'].map((folder) => path.join(repoRoot, folder));
const MAX_SERVICES = 254;

export interface LineEvent {
  service: ComposeService;
  stream: 'stdout' | 'stderr';
  line: string;
  /** performance.now() when the launcher read the line. */
  at: number;
}

export interface LaunchOptions {
  /** Working folder of every peer: the Compose file's folder. */
  cwd: string;
  port: number;
  /** Replaces the value of every `-t` in the commands. */
  setDelaySeconds?: number;
  /** Extra arguments appended to every peer's command. */
  peerArgs?: string[];
  /** Text for the merged log, one prefixed line at a time, without newline. */
  output(text: string, stream: 'stdout' | 'stderr'): void;
  /** Every line a peer printed, unprefixed, with the time it arrived. */
  onLine?(event: LineEvent): void;
}

export interface LaunchResult {
  /** Exit code per log name (128 + signal number when killed). */
  exitCodes: Map<string, number>;
  allSucceeded: boolean;
}

export interface RunningLaunch {
  done: Promise<LaunchResult>;
  /** Sends SIGTERM to every peer still running. */
  stop(): void;
}

export class LaunchError extends Error {
  override name = 'LaunchError';
}

/** A TCP port free on loopback right now, so that runs side by side do not collide. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function loopbackAddress(index: number): string {
  return `127.0.0.${index + 1}`;
}

/**
 * The addresses of `addresses` that this machine cannot listen on
 * (EADDRNOTAVAIL). Linux answers all of 127.0.0.0/8; macOS only 127.0.0.1
 * unless aliases are added, and a peer there would fail only after the run
 * had started.
 */
export async function unavailableAddresses(addresses: readonly string[]): Promise<string[]> {
  const available = await Promise.all(
    addresses.map(
      (address) =>
        new Promise<boolean>((resolve) => {
          const server = net.createServer();
          // Any other failure (a port clash cannot happen on port 0) is left for the peer to report.
          server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code !== 'EADDRNOTAVAIL'));
          server.listen({ host: address, port: 0 }, () => server.close(() => resolve(true)));
        }),
    ),
  );
  return addresses.filter((_, i) => !available[i]);
}

/** Compose v2 pads every name to the longest one plus one space, then ` | `. */
export function composePrefix(name: string, width: number): string {
  return `${name.padEnd(width + 1)} | `;
}

/** The command line of each service's peer, with hostsfiles located and -t replaced. */
export function peerCommand(services: readonly ComposeService[], index: number, options: LaunchOptions): string[] {
  const service = services[index]!;
  const resolve = services
    .flatMap((other, i) => [other.hostname, ...other.aliases].map((name) => `${name}=${loopbackAddress(i)}`))
    .join(',');
  const args = service.args.map((arg, i) => {
    const option = service.args[i - 1];
    if (option === '-h') return locateHostsfile(arg, options.cwd);
    if (option === '-t' && options.setDelaySeconds !== undefined) return String(options.setDelaySeconds);
    return arg;
  });
  return [
    PEER_CLI,
    ...args,
    '--hostname', service.hostname,
    '--bind', loopbackAddress(index),
    '--port', String(options.port),
    '--resolve', resolve,
    ...(options.peerArgs ?? []),
  ];
}

function locateHostsfile(name: string, cwd: string): string {
  if (fs.existsSync(path.resolve(cwd, name))) return name;
  for (const folder of HOSTSFILE_FOLDERS) {
    const candidate = path.join(folder, path.basename(name));
    if (fs.existsSync(candidate)) return candidate;
  }
  return name; // the peer reports the missing file itself
}

export function launch(services: readonly ComposeService[], options: LaunchOptions): RunningLaunch {
  if (services.length > MAX_SERVICES) throw new LaunchError(`at most ${MAX_SERVICES} services (one loopback address each)`);
  if (!fs.existsSync(PEER_CLI)) throw new LaunchError(`${PEER_CLI} is missing: run npm run build first`);
  const width = Math.max(...services.map((service) => service.logName.length));
  const exitCodes = new Map<string, number>();
  const children: ChildProcess[] = [];
  const stopAll = () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  // Whatever makes the launcher exit early (an internal error included), its peers must not outlive it.
  process.on('exit', stopAll);
  options.output(`Attaching to ${services.map((service) => service.logName).join(', ')}`, 'stdout');

  const exits = services.map((service, index) => {
    const child = spawn(process.execPath, peerCommand(services, index, options), {
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    const prefix = composePrefix(service.logName, width);
    for (const stream of ['stdout', 'stderr'] as const) {
      readline.createInterface({ input: child[stream]!, crlfDelay: Infinity }).on('line', (line) => {
        options.onLine?.({ service, stream, line, at: performance.now() });
        options.output(prefix + line, stream);
      });
    }
    return new Promise<void>((resolve) => {
      child.on('error', (error) => {
        options.output(`${prefix}cannot start: ${error.message}`, 'stderr');
      });
      child.on('close', (code, signal) => {
        const exitCode = code ?? 128 + (signal ? os.constants.signals[signal] : 0);
        exitCodes.set(service.logName, exitCode);
        options.output(`${service.logName} exited with code ${exitCode}`, 'stdout');
        resolve();
      });
    });
  });

  return {
    done: Promise.all(exits).then(() => {
      process.off('exit', stopAll);
      return { exitCodes, allSucceeded: [...exitCodes.values()].every((code) => code === 0) };
    }),
    stop: stopAll,
  };
}
