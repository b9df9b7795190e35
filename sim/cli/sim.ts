// `paxos-lab sim`: one simulated run, printed as the Compose-merged transcript.

import type { Command } from 'commander';
import { parseInteger, UsageError } from '../../peer/command-line.js';
import { ReplayedChoices, SeededChoices, type ChoiceSource } from '../choices.js';
import { outcomeOf } from '../explore.js';
import { Simulation, type SimResult } from '../simulation.js';
import { LIMITS, readScheduleFile, scheduleFile, settingsFromSpec, type ScheduleFile, type SimSpec } from '../spec.js';
import { addRunOptions, readJsonFile, specFromFlags, writeFileOrFail, type RunFlags } from './options.js';

interface SimFlags extends RunFlags {
  seed: string;
  record?: string;
  replay?: string;
}

export function registerSim(program: Command): void {
  const command = program
    .command('sim')
    .description(
      'Run the peers\' own Paxos core over a simulated network (seeded: the same flags give the same run, byte for byte) and print the ' +
        'transcript as docker compose prints it. Defaults: testcase 2\'s hostsfile, X,Y, -t 10, no faults. A summary goes to stderr. Exit 0 ' +
        'once the transcript is printed, 2 for bad flags.',
    )
    .option('--seed <n>', 'seed of the run\'s choices (latencies, faults, back-offs)', '1')
    .option('--record <file>', 'write the seed, settings and every choice of the run to this file (JSON)')
    .option('--replay <file>', 'rerun a recorded (or explore-shrunk) schedule exactly; its settings replace the flags');
  addRunOptions(command, { delay: '10', jitter: '0' }).action((flags: SimFlags) => {
    const seed = parseInteger(flags.seed, '--seed', LIMITS.seed.min, LIMITS.seed.max);
    let spec: SimSpec;
    let source: ChoiceSource;
    let recordedSeed: number | null = seed;
    if (flags.replay !== undefined) {
      const schedule = readReplay(flags.replay);
      spec = schedule.spec;
      source = new ReplayedChoices(schedule.choices);
      recordedSeed = schedule.seed;
    } else {
      spec = specFromFlags(flags);
      source = new SeededChoices(seed);
    }
    const result = runSpec(spec, source);
    printRun(result, 'sim');
    if (flags.record !== undefined) {
      writeFileOrFail(flags.record, JSON.stringify(scheduleFile(spec, recordedSeed, result.choices)) + '\n', 'schedule');
    }
  });
}

function readReplay(path: string): ScheduleFile {
  const file = readJsonFile(path, 'schedule');
  try {
    return readScheduleFile(file);
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(`${path}: ${error.message}`);
    throw error;
  }
}

export function runSpec(spec: SimSpec, source: ChoiceSource): SimResult {
  let settings;
  try {
    settings = settingsFromSpec(spec);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return new Simulation(settings, source).run();
}

/** The transcript on stdout; what happened, in one line on stderr, labelled with the command that ran it. */
export function printRun(result: SimResult, command: 'sim' | 'scenario'): void {
  process.stdout.write(result.log.join('\n') + '\n');
  const ending = result.quiescent ? 'ran to the end' : `not terminating: cut off after ${result.steps} steps (--max-steps)`;
  process.stderr.write(`paxos-lab ${command}: ${outcomeOf(result)}; ${result.steps} steps, ${result.endMs} ms simulated; ${ending}\n`);
}
