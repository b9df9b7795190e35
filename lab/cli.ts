#!/usr/bin/env node
// paxos-lab: the kit's command for running the lab. Each subcommand lives in
// its own module under commands/ and registers itself here.

import { Command, CommanderError } from 'commander';
import { EXIT_USAGE, exitAfterFlush, exitCodeOf, exitQuietlyWhenReaderGone, reportErrorsInOneLine, UsageError } from '../peer/command-line.js';
import { registerRun } from './commands/run.js';
import { registerExplore } from '../sim/cli/explore.js';
import { registerScenario } from '../sim/cli/scenario.js';
import { registerSim } from '../sim/cli/sim.js';

const NAME = 'paxos-lab';
const subcommands: ((program: Command) => void)[] = [registerRun, registerSim, registerScenario, registerExplore];

async function main(argv: string[]): Promise<number> {
  const program = reportErrorsInOneLine(
    new Command(NAME).description('Run the leaderless Paxos lab locally, without Docker.').showHelpAfterError(false),
    NAME,
  );
  for (const register of subcommands) register(program);
  for (const command of program.commands) reportErrorsInOneLine(command, `${NAME} ${command.name()}`);
  // A reader that stops early (| head) ends a command quietly; run instead
  // goes on, so that the peers finish and its --out log is whole.
  program.hook('preAction', (_program, action) => {
    if (action.name() !== 'run') exitQuietlyWhenReaderGone();
  });
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) return exitCodeOf(error);
    if (error instanceof UsageError) {
      process.stderr.write(`${NAME}: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
}

main(process.argv).then(exitAfterFlush, (error: Error) => {
  process.stderr.write(`${NAME}: internal error: ${error.message}\n`);
  exitAfterFlush(1);
});
