// What every command of the kit does with its command line: bad input gets
// one line on stderr and exit 2, never a stack trace; exits wait for stdout.

import { Command, CommanderError } from 'commander';

/** Exit code for bad arguments or configuration. */
export const EXIT_USAGE = 2;

/** A mistake in arguments or configuration: reported in one line, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * Makes `program` report its errors as `<name>: <message> (see --help)` and
 * throw instead of exiting, so the caller maps them to exit codes.
 */
export function reportErrorsInOneLine(program: Command, name: string): Command {
  return program.exitOverride().configureOutput({
    outputError: (text, write) => write(`${name}: ${text.trim().replace(/^error: /, '')} (see --help)\n`),
  });
}

/** Exit code for a CommanderError: 0 after --help, else EXIT_USAGE. */
export function exitCodeOf(error: CommanderError): number {
  return error.code === 'commander.helpDisplayed' || error.code === 'commander.help' || error.code === 'commander.version'
    ? 0
    : EXIT_USAGE;
}

/**
 * Words for a failed file operation, for one-line messages (no bare errno
 * codes such as ENOENT); `words` gives a caller's own for some codes.
 */
export function describeIoError(error: unknown, words: Readonly<Record<string, string>> = {}): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code !== undefined && Object.hasOwn(words, code)) return words[code]!;
  switch (code) {
    case 'ENOENT': return 'no such file';
    case 'EISDIR': return 'it is a directory';
    case 'ENOTDIR': return 'a part of the path is not a directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EEXIST': return 'a file is in the way';
    case 'EROFS': return 'read-only file system';
    case 'ENOSPC': return 'no space left on the device';
    case 'ELOOP': return 'too many levels of links';
    default: return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Calls `onGone` once when the reader of `stream` goes away (EPIPE: `| head`
 * stopped reading), in place of Node's crash with a stack trace.
 */
export function onReaderGone(stream: NodeJS.WriteStream, onGone: () => void): void {
  let gone = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    if (!gone) {
      gone = true;
      onGone();
    }
  });
}

/**
 * A reader gone from stdout ends the command quietly (nobody reads what is
 * left); one gone from stderr only silences it, so work under way (files a
 * grade run writes) still completes.
 */
export function exitQuietlyWhenReaderGone(): void {
  onReaderGone(process.stdout, () => process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0));
  onReaderGone(process.stderr, () => {});
}

/** Exit once stdout and stderr have taken everything written so far (pipes are asynchronous). */
export function exitAfterFlush(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

/** Parses a number of seconds, e.g. "10" or "0.5". */
export function parseSeconds(text: string, option: string, allowZero: boolean): number {
  const seconds = /^(\d+(\.\d*)?|\.\d+)$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isFinite(seconds) || seconds < 0 || (!allowZero && seconds === 0) || seconds > 2_000_000) {
    throw new UsageError(`${option} expects a ${allowZero ? 'non-negative' : 'positive'} number of seconds, got ${JSON.stringify(text)}`);
  }
  return seconds;
}

export function parseInteger(text: string, option: string, min: number, max: number): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${option} expects an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
  }
  return value;
}
