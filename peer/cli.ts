#!/usr/bin/env node
// paxos-peer: the lab's peer with exactly the handout's command line
// (-h hostsfile, -v value, -t delay), plus extras whose defaults let the
// handed-out Compose files work unchanged.

import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { Command, CommanderError } from 'commander';
import {
  describeIoError,
  EXIT_USAGE,
  exitAfterFlush,
  exitCodeOf,
  parseInteger,
  parseSeconds,
  reportErrorsInOneLine,
  UsageError,
} from './command-line.js';
import { RETRY_MAX_MS } from './core/proposer.js';
import { coreConfigFor, findSelf, HostsfileError, parseHostsfile } from './hostsfile.js';
import { EXIT_RUNTIME, PeerRuntime, type PeerSettings } from './peer.js';
import { AcceptorStateFile, StateFileError } from './state-store.js';
import { isOneCharacterValue } from './wire.js';

const NAME = 'paxos-peer';
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

interface RawOptions {
  h: string;
  v?: string;
  t?: string;
  port: string;
  bind: string;
  hostname?: string;
  resolve?: string;
  stateDir?: string;
  connectTimeout: string;
  deadline: string;
  quietMs: string;
  verbose?: boolean;
}

function buildProgram(): Command {
  const program = new Command(NAME)
    .description(
      'A peer of the leaderless Basic Paxos lab (slide 45). Prints one JSON transcript line per message sent or ' +
        'received, and a chose line when its proposal is chosen; diagnostics go to stderr.\n' +
        'Exit codes: 0 its part of the run is over, 1 runtime failure (e.g. no quorum reachable before a deadline), ' +
        '2 bad arguments or hostsfile, 130/143 stopped by SIGINT/SIGTERM.',
    )
    .helpOption('--help', 'show this help (note: -h is the hostsfile)')
    .requiredOption('-h <hostsfile>', 'hostsfile: line N is peer N, "host:role1,role2" (proposerK, acceptorK, learnerK)')
    .option('-v <value>', 'the value to propose, one character (required for a proposer, ignored otherwise)')
    .option('-t <delay>', 'seconds a proposer waits before preparing (default 0)')
    .option('--port <port>', 'TCP port every peer listens on', '7610')
    .option('--bind <address>', 'address to listen on', '0.0.0.0')
    .option('--hostname <name>', 'the name to find in the hostsfile (default: this machine\'s hostname)')
    .option('--resolve <name=address,...>', 'addresses for host names, instead of DNS (e.g. peer1=127.0.0.1,peer2=127.0.0.2)')
    .option('--state-dir <dir>', 'keep the acceptor state in this directory across restarts (default: memory only)')
    .option('--connect-timeout <seconds>', 'how long to keep retrying a peer that cannot be reached', '60')
    .option(
      '--deadline <seconds>',
      'give up (exit 1) if the run is not over this long after start (after -t for a proposer). An acceptor still ' +
        'waiting for a proposer waits on while a connection that has sent nothing is open (a proposer connects at ' +
        'start and sends nothing until its -t has passed), and allows a fresh --deadline from that proposer\'s first ' +
        'message; a proposer that has not connected by the deadline is given up on',
      '120',
    )
    .option(
      '--quiet-ms <ms>',
      `an acceptor that has heard from all its proposers exits after this long without a message (more than ${RETRY_MAX_MS})`,
      '1500',
    )
    .option('--verbose', 'diagnostics on stderr')
    .allowExcessArguments(false);
  return reportErrorsInOneLine(program, NAME);
}

function readResolve(text: string | undefined): Map<string, string> {
  const resolve = new Map<string, string>();
  for (const pair of text ? text.split(',') : []) {
    const [name, address, ...rest] = pair.split('=').map((part) => part.trim());
    if (!name || !address || rest.length > 0 || net.isIP(address) === 0) {
      throw new UsageError(`--resolve expects name=address pairs with IP addresses, got ${JSON.stringify(pair)}`);
    }
    resolve.set(name, address);
  }
  return resolve;
}

function readHostsfile(file: string) {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read hostsfile ${file}: ${describeIoError(error)}`);
  }
  return parseHostsfile(text);
}

/** Turns parsed options into settings; every mistake becomes a UsageError or a HostsfileError. */
function settingsFrom(options: RawOptions): PeerSettings {
  const value = options.v;
  if (value !== undefined && !isOneCharacterValue(value)) {
    throw new UsageError(`-v expects exactly one printable character, got ${JSON.stringify(value)}`);
  }
  const delaySeconds = options.t === undefined ? 0 : parseSeconds(options.t, '-t', true);
  const port = parseInteger(options.port, '--port', 1, 65535);
  if (net.isIP(options.bind) === 0) throw new UsageError(`--bind expects an IP address, got ${JSON.stringify(options.bind)}`);
  const connectTimeoutMs = parseSeconds(options.connectTimeout, '--connect-timeout', false) * 1000;
  const deadlineMs = parseSeconds(options.deadline, '--deadline', false) * 1000;
  const quietMs = parseInteger(options.quietMs, '--quiet-ms', RETRY_MAX_MS + 1, 3_600_000);
  const resolve = readResolve(options.resolve);

  const hosts = readHostsfile(options.h);
  const self = findSelf(hosts, options.hostname ?? os.hostname());
  const config = coreConfigFor(hosts, self.id);
  if (config.roles.proposerOf !== null && value === undefined) {
    throw new HostsfileError(self.id, `${self.host} is proposer${config.roles.proposerOf} and needs -v VALUE`);
  }
  const stateFile = options.stateDir ? new AcceptorStateFile(options.stateDir, self.id) : null;
  return {
    config,
    hosts,
    restored: stateFile?.load() ?? null,
    stateFile,
    value: value ?? null,
    delaySeconds,
    port,
    bind: options.bind,
    resolve,
    connectTimeoutMs,
    deadlineMs,
    quietMs,
    verbose: options.verbose ?? false,
  };
}

async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  let settings: PeerSettings;
  try {
    program.parse(argv);
    const options = program.opts<RawOptions>();
    try {
      settings = settingsFrom(options);
    } catch (error) {
      if (error instanceof HostsfileError) throw new UsageError(`${options.h}${error.line === null ? ':' : ''} ${error.message}`);
      throw error;
    }
  } catch (error) {
    if (error instanceof CommanderError) return exitCodeOf(error);
    if (error instanceof UsageError || error instanceof StateFileError) {
      process.stderr.write(`${NAME}: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
  const runtime = new PeerRuntime(settings, process.stdout, (line) => process.stderr.write(line + '\n'));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // As PID 1 in a container there is no default handler: without this, SIGTERM would be ignored.
    process.once(signal, () => void runtime.stop(SIGNAL_EXIT[signal]).then(exitAfterFlush));
  }
  return runtime.run();
}

process.on('uncaughtException', (error) => {
  process.stderr.write(`${NAME}: internal error: ${error.message}\n`);
  exitAfterFlush(EXIT_RUNTIME);
});

main(process.argv).then(exitAfterFlush, (error: Error) => {
  process.stderr.write(`${NAME}: internal error: ${error.message}\n`);
  exitAfterFlush(EXIT_RUNTIME);
});
