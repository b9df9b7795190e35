// `paxos-lab run <compose-file>`: the local launcher, Docker not needed.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { describeIoError, onReaderGone, parseInteger, parseSeconds, UsageError } from '../../peer/command-line.js';
import { ComposeFileError, parseComposeFile } from '../compose-file.js';
import { launch, LaunchError, loopbackAddress, unavailableAddresses } from '../launcher.js';

interface RunOptions {
  port: string;
  setDelay?: string;
  out?: string;
  mergeStderr?: boolean;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description(
      'Start the services of a Compose file as local peers (service N on 127.0.0.N, all on one port), print their ' +
        'merged output with Compose-style prefixes, and return when all have exited: 0 if every peer exited 0, else 1; ' +
        '2 for bad input (nothing started); 130/143 after SIGINT/SIGTERM, which it passes on to the peers.',
    )
    .argument('<compose-file>', 'a Compose file whose commands are paxos-peer arguments, e.g. compose/testcase1/docker-compose.yml')
    .argument('[peer-args...]', 'extra arguments for every peer, after --, e.g. -- --quiet-ms 1200')
    .option('--port <port>', 'the port all peers listen on', '7610')
    .option('--set-delay <seconds>', 'replace the value of every -t in the commands (e.g. 1 for a quick testcase 2)')
    .option('--out <file>', 'also write the merged log to this file')
    .option('--merge-stderr', "put the peers' stderr lines in the merged log on stdout, as Compose does")
    .action(async (composeFile: string, peerArgs: string[], options: RunOptions) => {
      process.exitCode = await run(composeFile, peerArgs, options);
    });
}

async function run(composeFile: string, peerArgs: string[], options: RunOptions): Promise<number> {
  const port = parseInteger(options.port, '--port', 1, 65535);
  const setDelaySeconds = options.setDelay === undefined ? undefined : parseSeconds(options.setDelay, '--set-delay', true);
  let text: string;
  try {
    text = fs.readFileSync(composeFile, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read Compose file ${composeFile}: ${describeIoError(error)}`);
  }
  let services;
  try {
    services = parseComposeFile(text);
  } catch (error) {
    if (error instanceof ComposeFileError) throw new UsageError(`${composeFile}: ${error.message}`);
    throw error;
  }
  const missing = await unavailableAddresses(services.map((_, index) => loopbackAddress(index)));
  if (missing.length > 0) {
    const others = missing.length > 1 ? ` (nor ${missing.length - 1} more of the 127.0.0.N the peers need)` : '';
    throw new UsageError(
      `this machine does not answer ${missing[0]}${others}, and each service runs on its own address; ` +
        `on macOS add it with: sudo ifconfig lo0 alias ${missing[0]} up`,
    );
  }
  // Opened before any peer starts, so that a bad --out stops the run before it begins.
  let logFile = options.out ? openLog(options.out) : null;
  let logFailed = false;
  const mergeStderr = options.mergeStderr ?? false;
  // A reader gone from stdout (| head) must not cut the run short: the peers
  // finish and the --out log gets every line; the closed stream is written no more.
  onReaderGone(process.stdout, () => {
    if (options.out) process.stderr.write(`paxos-lab: stdout was closed; the run goes on into ${options.out}\n`);
  });
  onReaderGone(process.stderr, () => {});
  let running: ReturnType<typeof launch>;
  try {
    running = launch(services, {
      cwd: path.dirname(path.resolve(composeFile)),
      port,
      setDelaySeconds,
      peerArgs,
      output: (line, stream) => {
        if (stream === 'stdout' || mergeStderr) {
          if (!process.stdout.destroyed) process.stdout.write(line + '\n');
          logFile?.write(line + '\n');
        } else {
          if (!process.stderr.destroyed) process.stderr.write(line + '\n');
        }
      },
    });
  } catch (error) {
    if (error instanceof LaunchError) throw new UsageError(error.message);
    throw error;
  }
  logFile?.on('error', (error: NodeJS.ErrnoException) => {
    process.stderr.write(`paxos-lab: cannot write --out ${options.out}: ${describeIoError(error)}; stopping the peers\n`);
    logFile = null;
    logFailed = true;
    running.stop();
  });
  let stoppedBy: NodeJS.Signals | null = null;
  const stop = (signal: NodeJS.Signals) => {
    stoppedBy = signal;
    running.stop();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const result = await running.done;
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  const log = logFile;
  if (log) await new Promise((resolve) => log.end(resolve));
  // As a shell reports a process killed by that signal: 130 for SIGINT, 143 for SIGTERM.
  if (stoppedBy) return 128 + os.constants.signals[stoppedBy];
  return result.allSucceeded && !logFailed ? 0 : 1;
}

function openLog(file: string): fs.WriteStream {
  try {
    let fd: number;
    try {
      fd = fs.openSync(file, 'w');
    } catch (error) {
      // Only a missing folder is made; any other failure (EISDIR, ENOTDIR, EACCES) is the one to report.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      fd = fs.openSync(file, 'w');
    }
    return fs.createWriteStream(file, { fd });
  } catch (error) {
    throw new UsageError(`cannot write --out ${file}: ${describeIoError(error)}`);
  }
}
