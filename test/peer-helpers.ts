// Shared by the peer and launcher tests: configurations from real hostsfiles,
// and the handful of ways the tests look at output.

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PaxosCore } from '../peer/core/paxos-core.js';
import type { CoreOutput, TranscriptLine, WireMessage } from '../peer/core/types.js';
import { coreConfigFor, parseHostsfile } from '../peer/hostsfile.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const peerCli = path.join(repoRoot, 'dist', 'peer', 'cli.js');
export const labCli = path.join(repoRoot, 'dist', 'lab', 'cli.js');

export const TC1_HOSTS = fs.readFileSync(path.join(repoRoot, 'compose/testcase1/hostsfile-testcase1.txt'), 'utf8');
export const TC2_HOSTS = fs.readFileSync(path.join(repoRoot, 'compose/testcase2/hostsfile-testcase2.txt'), 'utf8');

export function coreFor(hostsText: string, selfId: number): PaxosCore {
  return new PaxosCore(coreConfigFor(parseHostsfile(hostsText), selfId));
}

export function message(
  peer_id: number,
  message_type: WireMessage['message_type'],
  message_value: string | null,
  proposal_num: number,
): WireMessage {
  return { peer_id, message_type, message_value, proposal_num };
}

/** The messages of one output addressed to `to`. */
export function sentTo(out: CoreOutput, to: number): WireMessage[] {
  return out.send.filter((send) => send.to === to).map((send) => send.message);
}

export { freePort } from '../lab/launcher.js';

export interface MergedLog {
  /** Transcript lines per log name (peer1, ...), in that peer's order. */
  lines: Map<string, TranscriptLine[]>;
  /** Non-JSON lines per log name. */
  other: Map<string, string[]>;
  exitCodes: Map<string, number>;
  attaching: string | null;
}

/** Reads `paxos-lab run` output: `name  | text`, `Attaching to ...`, `name exited with code N`. */
export function parseMergedLog(text: string): MergedLog {
  const log: MergedLog = { lines: new Map(), other: new Map(), exitCodes: new Map(), attaching: null };
  for (const raw of text.split('\n')) {
    if (raw === '') continue;
    const attaching = /^Attaching to (.*)$/.exec(raw);
    const exited = /^(\S+) exited with code (\d+)$/.exec(raw);
    const prefixed = /^(\S+) +\| (.*)$/.exec(raw);
    if (attaching) log.attaching = attaching[1]!;
    else if (exited) log.exitCodes.set(exited[1]!, Number(exited[2]));
    else if (prefixed) {
      const [, name, content] = prefixed as unknown as [string, string, string];
      let line: TranscriptLine | null = null;
      try {
        line = JSON.parse(content) as TranscriptLine;
      } catch {
        line = null;
      }
      if (line) log.lines.set(name, [...(log.lines.get(name) ?? []), line]);
      else log.other.set(name, [...(log.other.get(name) ?? []), content]);
    } else throw new Error(`unexpected line in merged output: ${JSON.stringify(raw)}`);
  }
  return log;
}

export interface PeerProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited and its pipes are drained. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `node dist/peer/cli.js args...` with stdout and stderr on pipes. */
export function startPeer(args: string[], cwd = repoRoot): PeerProcess {
  return startNode(peerCli, args, cwd);
}

export function startNode(script: string, args: string[], cwd = repoRoot): PeerProcess {
  const child = spawn(process.execPath, [script, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited: new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal }))),
  };
}

/** Runs a node script to its end. */
export async function runNode(script: string, args: string[], cwd = repoRoot) {
  const peer = startNode(script, args, cwd);
  const { code, signal } = await peer.exited;
  return { code, signal, stdout: peer.stdout(), stderr: peer.stderr() };
}

/** Polls until something accepts TCP connections at host:port. */
export async function waitForListening(host: string, port: number, timeoutMs = 10_000): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const connected = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host, port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (connected) return;
    if (Date.now() > giveUpAt) throw new Error(`nothing listens on ${host}:${port}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Polls `condition` every 20 ms until it holds. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > giveUpAt) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Transcript lines of a peer's own stdout (no prefixes). */
export function transcript(stdout: string): TranscriptLine[] {
  return stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as TranscriptLine);
}
