// `paxos-lab run <compose-file>`: the local launcher, Docker not needed.

import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { parseInteger, parseSeconds, UsageError } from '../../peer/command-line.js';
import { ComposeFileError, parseComposeFile } from '../compose-file.js';
import { launch, LaunchError } from '../launcher.js';

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
        'merged output with Compose-style prefixes, and return when all have exited: 0 if every peer exited 0, else 1.',
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
    throw new UsageError(`cannot read Compose file ${composeFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let services;
  try {
    services = parseComposeFile(text);
  } catch (error) {
    if (error instanceof ComposeFileError) throw new UsageError(`${composeFile}: ${error.message}`);
    throw error;
  }
  let logFile: fs.WriteStream | null = null;
  if (options.out) {
    fs.mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
    logFile = fs.createWriteStream(options.out);
  }
  const mergeStderr = options.mergeStderr ?? false;
  let running;
  try {
    running = launch(services, {
      cwd: path.dirname(path.resolve(composeFile)),
      port,
      setDelaySeconds,
      peerArgs,
      output: (line, stream) => {
        if (stream === 'stdout' || mergeStderr) {
          process.stdout.write(line + '\n');
          logFile?.write(line + '\n');
        } else {
          process.stderr.write(line + '\n');
        }
      },
    });
  } catch (error) {
    if (error instanceof LaunchError) throw new UsageError(error.message);
    throw error;
  }
  let interrupted = false;
  const stop = () => {
    interrupted = true;
    running.stop();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const result = await running.done;
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  if (logFile) await new Promise((resolve) => logFile.end(resolve));
  if (interrupted) return 130;
  return result.allSucceeded ? 0 : 1;
}
