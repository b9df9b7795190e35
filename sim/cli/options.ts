// Flags shared by `paxos-lab sim` and `paxos-lab explore`: the configuration
// (as the real peer's command line gives it), the network and the faults.
// Every bad value becomes a UsageError: one line on stderr, exit 2.

import fs from 'node:fs';
import type { Command } from 'commander';
import { describeIoError, parseInteger, parseSeconds, UsageError } from '../../peer/command-line.js';
import type { HostEntry } from '../../peer/hostsfile.js';
import { FAULT_PRESETS, parseCrash, parsePartition, parseRate, type FaultPreset } from '../faults.js';
import { HANDOUT_HOSTSFILES, handoutHostsfile } from '../hostsfiles.js';
import { MUTANTS } from '../mutants/index.js';
import { acceptorOnlyIds, asUsageError, checkChoice, checkLatency, checkMutantName, checkValues, hostsFromText, LIMITS, type SimSpec } from '../spec.js';

export interface RunFlags {
  hostsfile?: string;
  values?: string;
  delay?: string;
  faults?: string;
  drop?: string;
  lose?: string;
  dup?: string;
  partition: string[];
  crash: string[];
  persist: boolean;
  latency: string;
  jitter?: string;
  backoff: string;
  maxSteps: string;
  mutant?: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** As for paxos-peer, -h is the hostsfile: help is --help only, in every simulator command. */
export function helpIsLongOnly(command: Command): Command {
  return command.helpOption('--help', 'show this help (-h is the hostsfile, as for paxos-peer)');
}

export function addRunOptions(command: Command, defaults: { delay: string; jitter: string }): Command {
  return helpIsLongOnly(command)
    .option('-h, --hostsfile <file>', `hostsfile, as the peer's -h (default: ${HANDOUT_HOSTSFILES.tc2})`)
    .option('--values <list>', 'values of proposer1, proposer2, ... (the peers\' -v), comma-separated', 'X,Y')
    .option('-t, --delay <seconds>', 'simulated seconds proposer 2 waits before preparing (the peer\'s -t)', defaults.delay)
    .option('--faults <preset>', `fault preset: ${Object.keys(FAULT_PRESETS).join(', ')} (flags below override its parts)`, 'none')
    .option('--drop <rate>', 'chance a message copy is lost; TCP retransmits it after 200 ms (doubling)')
    .option('--lose <rate>', 'chance a message is lost for good: the link breaks, the proposer is told')
    .option('--dup <rate>', 'chance a message is delivered twice (outside the transport contract)')
    .option('--partition <spec>', 'partition: 1,2/3,4,5@100-500 (both ways), 1>3,4@100-500 (one way), no -END: never heals; "random": drawn; repeatable', collect, [])
    .option('--crash <spec>', 'acceptor crash: 3@100-400 (restart at 400 ms), 3@100 (stays down); "random": drawn; repeatable', collect, [])
    .option('--no-persist', 'a restarted acceptor has lost its state (the core\'s persist output is discarded)')
    .option('--latency <min-max>', 'message latency range in ms', '1-10')
    .option('--jitter <ms>', 'each proposer starts up to this many ms late (drawn)', defaults.jitter)
    .option('--backoff <kind>', 'retry back-off: random (the core\'s window, drawn) or none (retry at once)', 'random')
    .option('--max-steps <n>', 'stop a run after this many steps (a livelock is reported as not terminating)', '10000')
    .option('--mutant <name>', `run a deliberately wrong core: ${MUTANTS.map((m) => m.name).join(', ')}`);
}

export function specFromFlags(flags: RunFlags): SimSpec {
  const { text: hostsfileText, hosts } = readHostsfile(flags.hostsfile);
  const peerIds = hosts.map((h) => h.id);
  const preset = flags.faults ?? 'none';
  if (!(preset in FAULT_PRESETS)) throw new UsageError(`--faults expects one of ${Object.keys(FAULT_PRESETS).join(', ')}, got ${JSON.stringify(preset)}`);
  const faults = FAULT_PRESETS[preset as FaultPreset]();
  asUsageError(() => {
    if (flags.drop !== undefined) faults.dropRate = parseRate(flags.drop, '--drop');
    if (flags.lose !== undefined) faults.loseRate = parseRate(flags.lose, '--lose');
    if (flags.dup !== undefined) faults.dupRate = parseRate(flags.dup, '--dup');
    for (const spec of flags.partition) {
      if (spec === 'random') faults.randomPartition = true;
      else faults.partitions.push(parsePartition(spec, peerIds));
    }
    for (const spec of flags.crash) {
      if (spec === 'random') faults.randomCrash = true;
      else faults.crashes.push(parseCrash(spec, acceptorOnlyIds(hosts)));
    }
  });
  faults.persist = flags.persist;
  const values = (flags.values ?? 'X,Y').split(',').map((v) => v.trim());
  checkValues(values, hosts, '--values');
  const latency = /^(\d+)-(\d+)$/.exec(flags.latency.trim());
  const [minMs, maxMs] = latency ? [Number(latency[1]), Number(latency[2])] : [NaN, NaN];
  checkLatency(minMs, maxMs, '--latency', JSON.stringify(flags.latency));
  if (flags.mutant !== undefined) checkMutantName(flags.mutant, '--mutant');
  const { jitterMs, maxSteps } = LIMITS;
  return {
    scenario: null,
    hostsfileText,
    values,
    delaySeconds: parseSeconds(flags.delay ?? '0', '--delay', true),
    faults,
    latency: { minMs, maxMs },
    startJitterMs: parseInteger(flags.jitter ?? '0', '--jitter', jitterMs.min, jitterMs.max),
    backoff: checkChoice(flags.backoff, ['random', 'none'], '--backoff'),
    maxSteps: parseInteger(flags.maxSteps, '--max-steps', maxSteps.min, maxSteps.max),
    mode: 'timed',
    maxRounds: 2,
    fixedOrderAfterDecision: true,
    instantReplies: true,
    mutant: flags.mutant ?? null,
  };
}

function readHostsfile(path: string | undefined): { text: string; hosts: HostEntry[] } {
  if (path === undefined) return handoutHostsfile('tc2');
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read hostsfile ${path}: ${describeIoError(error)}`);
  }
  return { text, hosts: hostsFromText(text, path) };
}

/** The long names of the options given on the command line (not defaulted). */
export function givenFlags(command: Command): string[] {
  return command.options.filter((option) => command.getOptionValueSource(option.attributeName()) === 'cli').map((option) => option.long ?? option.flags);
}

export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${path}: ${describeIoError(error)}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not JSON: ${(error as Error).message}`);
  }
}

export function writeFileOrFail(path: string, text: string, what: string): void {
  try {
    fs.writeFileSync(path, text);
  } catch (error) {
    throw new UsageError(`cannot write ${what} ${path}: ${describeIoError(error)}`);
  }
}
