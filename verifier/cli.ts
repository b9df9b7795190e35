#!/usr/bin/env node
// paxos-verify: exit 0 passed, 1 failed, 2 could not run (bad arguments,
// unreadable input), always with a one-line reason for 2.

import { Command, CommanderError } from 'commander';
import { configureGrade } from '../grade/cli.js';
import { exitQuietlyWhenReaderGone } from '../peer/command-line.js';
import { configureCheck, FORMATS, unverifiedOutput } from './commands/check.js';
import { UsageError } from './commands/usage-error.js';
import { unverifiedReport } from './pipeline.js';
import { escapeText } from './report/escape.js';

const HELP_AFTER = `
Input forms: Compose v2 (peer1-1  | ) and v1 (peer1_1  | ) prefixes,
container_name (peer1  | ) and project prefixes, ANSI colours, -t timestamps,
CRLF, BOM, Compose's "Attaching to" / "exited with code N" lines (a non-zero
code is reported), --no-log-prefix output (printers inferred, and the report
says so), one file per peer (the printer taken from a peer named in the file
name, e.g. peer3.log or peer3-stdout.log, else from the peer_id of its sent
lines), objects spread over several lines, lines the Docker daemon split at
16 KiB, and non-JSON noise. Only each peer's own line order is trusted.

Exit codes: 0 the run passed, 1 it failed, 2 it could not be verified.

An input with no line at all, or only blank lines (an empty file, an empty
pipe) is not verified: exit 2, "no input: 0 lines read from ...".

Examples:
  paxos-verify out/demo-tc1.log                      # written by make demo
  paxos-verify --scenario tc2 out/tc2.log            # written by make tc2
  paxos-lab run compose/testcase2/docker-compose.yml | paxos-verify --scenario tc2
  docker-compose -f compose/testcase2/docker-compose.yml up 2>&1 | paxos-verify --scenario tc2
      (then: docker-compose -f compose/testcase2/docker-compose.yml down)
  paxos-lab scenario slide46-case3 | paxos-verify --scenario slide46-case3
  paxos-verify --profile lenient --format json student/peer*.log
`;

export function buildProgram(): Command {
  const program = new Command('paxos-verify')
    .description('Check a Paxos lab transcript (what the peers printed) against the protocol and the testcase.')
    .helpOption('--help', 'show this help')
    .showHelpAfterError(false)
    .addHelpText('after', HELP_AFTER)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(escapeLines(text.startsWith('error:') ? `paxos-verify: ${text.slice(7)}` : text)) });
  configureCheck(program);
  configureGrade(program);
  return program;
}

/**
 * After a bad command line: the could-not-run report on stdout, in the format
 * asked for, when the --format given (the last one, as commander takes it) is
 * one of the choices. Not for grade, which writes files of its own.
 */
function writeUnverified(argv: readonly string[], reason: string): void {
  if (argv[0] === 'grade') return;
  const format = lastChoice(argv, '--format', FORMATS);
  if (!format || format === 'text') return;
  const profile = lastChoice(argv, '--profile', ['strict', 'lenient'] as const);
  process.stdout.write(unverifiedOutput(unverifiedReport(reason, profile ? { profile } : {}), format));
}

function lastChoice<T extends string>(argv: readonly string[], option: string, choices: readonly T[]): T | undefined {
  let found: T | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = arg === option ? argv[i + 1] : arg.startsWith(`${option}=`) ? arg.slice(option.length + 1) : undefined;
    if (value !== undefined && (choices as readonly string[]).includes(value)) found = value as T;
  }
  return found;
}

/** Commander's messages quote the arguments given: escaped, line by line. */
function escapeLines(text: string): string {
  return text.split('\n').map(escapeText).join('\n');
}

export async function main(argv: string[]): Promise<void> {
  // A reader that stops early (| head) is not an error worth a stack trace.
  exitQuietlyWhenReaderGone();
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      // Commander has said why on stderr; a --format json caller still gets its report.
      if (error.exitCode !== 0) writeUnverified(argv, error.message.replace(/^error: /, ''));
    } else if (error instanceof UsageError) {
      process.stderr.write(`paxos-verify: ${escapeText(error.message)}\n`);
      writeUnverified(argv, error.message);
      process.exitCode = 2;
    } else {
      process.stderr.write(`paxos-verify: internal error: ${escapeText(error instanceof Error ? error.message : String(error))}\n`);
      process.exitCode = 2;
    }
  }
}

await main(process.argv.slice(2));
