// Everything that defines a simulated run, in a form that can be written to
// a file: with the seed or the recorded choices it reproduces the run.
// Scenarios' scripted latencies are code, so a spec names its scenario.
//
// A schedule file is input like a command line: every field of its spec is
// checked with the same rules as the flag that sets it (the `check*` and
// `parse*` functions below are shared with cli/options.ts), so a hand-edited
// file gets one line naming the field, never a hang or a stack trace.

import { parseInteger, parseSeconds, UsageError } from '../peer/command-line.js';
import { coreConfigFor, HostsfileError, parseHostsfile, type HostEntry } from '../peer/hostsfile.js';
import { findScenario, SCENARIOS, scenarioSettings } from './scenarios/index.js';
import { findMutant, MUTANTS } from './mutants/index.js';
import { realCore } from './core-like.js';
import { crashText, FaultSpecError, parseCrash, parsePartition, parseRate, partitionText, type FaultSettings } from './faults.js';
import { defaultSettings, type SimSettings } from './simulation.js';

/** The settings that are plain data (no code, no parsed hostsfile). */
type DataSettings = Omit<SimSettings, 'hosts' | 'coreFactory' | 'forgetOnRestart' | 'scriptedLatency'>;

export interface SimSpec extends DataSettings {
  /** Set for a scenario's run: its scripted latencies apply. */
  scenario: string | null;
  hostsfileText: string;
  mutant: string | null;
}

/** The file --record writes and --replay reads. */
export interface ScheduleFile {
  format: 'paxos-lab-schedule';
  version: 1;
  /** The seed the choices were drawn from (null: found by exhaustive search, or shrunk). */
  seed: number | null;
  spec: SimSpec;
  choices: number[];
}

/** Bounds shared by the flags and the schedule files. */
export const LIMITS = {
  maxSteps: { min: 1, max: 10_000_000 },
  jitterMs: { min: 0, max: 60_000 },
  latencyMs: { min: 1, max: 60_000 },
  maxRounds: { min: 1, max: 10 },
  seed: { min: 0, max: 2 ** 32 - 1 },
} as const;

export function settingsFromSpec(spec: SimSpec): SimSettings {
  const scenario = spec.scenario === null ? null : findScenario(spec.scenario);
  if (spec.scenario !== null && !scenario) throw new Error(`unknown scenario ${spec.scenario}`);
  const mutant = spec.mutant === null ? null : findMutant(spec.mutant);
  if (spec.mutant !== null && !mutant) throw new Error(`unknown mutant ${spec.mutant}`);
  const base = scenario ? scenarioSettings(scenario) : defaultSettings(parseHostsfile(spec.hostsfileText));
  const { scenario: _scenario, hostsfileText, mutant: _mutant, ...data } = spec;
  return {
    ...base,
    ...data,
    hosts: parseHostsfile(hostsfileText),
    coreFactory: mutant?.makeCore ?? realCore,
    forgetOnRestart: mutant?.forgetsOnRestart ?? false,
  };
}

/** The data part of `settings`, with what names the rest. */
export function specOf(settings: SimSettings, names: Pick<SimSpec, 'scenario' | 'hostsfileText' | 'mutant'>): SimSpec {
  const { hosts: _hosts, coreFactory: _core, forgetOnRestart: _forget, scriptedLatency: _latency, ...data } = settings;
  return { ...data, ...names };
}

export function scheduleFile(spec: SimSpec, seed: number | null, choices: readonly number[]): ScheduleFile {
  return { format: 'paxos-lab-schedule', version: 1, seed, spec, choices: [...choices] };
}

// ---- checks shared with the flags ----

/** The peers of a hostsfile text, checked as the peer checks its -h. */
export function hostsFromText(text: string, where: string): HostEntry[] {
  try {
    const hosts = parseHostsfile(text);
    for (const host of hosts) coreConfigFor(hosts, host.id);
    return hosts;
  } catch (error) {
    if (error instanceof HostsfileError) throw new UsageError(`${where}: ${error.message}`);
    throw error;
  }
}

/** Peers that may crash: acceptors without a proposer role. */
export function acceptorOnlyIds(hosts: readonly HostEntry[]): number[] {
  return hosts.filter((h) => h.roles.proposerOf === null && h.roles.acceptorOf.length > 0).map((h) => h.id);
}

/** Every proposer of `hosts` has a one-character value (the transcript's message_value). */
export function checkValues(values: readonly string[], hosts: readonly HostEntry[], label: string): void {
  const proposerKs = hosts.flatMap((h) => (h.roles.proposerOf === null ? [] : [h.roles.proposerOf]));
  for (const k of proposerKs) {
    const value = values[k - 1];
    if (value === undefined || value === '') throw new UsageError(`${label} gives no value for proposer${k} (expected ${proposerKs.length} value(s), like X,Y)`);
    if ([...value].length !== 1) throw new UsageError(`${label}: a value is one character (the transcript's message_value), got ${JSON.stringify(value)}`);
  }
}

export function checkLatency(minMs: number, maxMs: number, label: string, given: string): void {
  const { min, max } = LIMITS.latencyMs;
  if (!Number.isSafeInteger(minMs) || !Number.isSafeInteger(maxMs) || minMs < min || maxMs < minMs || maxMs > max) {
    throw new UsageError(`${label} expects MIN-MAX in ms with ${min} <= MIN <= MAX <= ${max}, got ${given}`);
  }
}

export function checkChoice<T extends string>(value: unknown, allowed: readonly T[], label: string): T {
  if (!allowed.includes(value as T)) throw new UsageError(`${label} expects ${allowed.join(' or ')}, got ${JSON.stringify(value)}`);
  return value as T;
}

export function checkMutantName(name: string, label: string): void {
  if (!findMutant(name)) throw new UsageError(`unknown ${label} ${JSON.stringify(name)} (known: ${MUTANTS.map((m) => m.name).join(', ')})`);
}

/** Fault-spec errors as usage errors: one line, exit 2. */
export function asUsageError<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof FaultSpecError) throw new UsageError(error.message);
    throw error;
  }
}

// ---- reading a schedule file ----

/** A schedule file read from disk, every field checked; a UsageError names the first bad one. */
export function readScheduleFile(value: unknown): ScheduleFile {
  if (!isObject(value)) throw new UsageError('not a JSON object');
  if (value.format !== 'paxos-lab-schedule') throw new UsageError('not a paxos-lab schedule (format is not "paxos-lab-schedule")');
  if (value.version !== 1) throw new UsageError(`schedule version ${JSON.stringify(value.version)} is not supported (expected 1)`);
  if (!Array.isArray(value.choices) || !value.choices.every((c) => Number.isSafeInteger(c) && c >= 0)) {
    throw new UsageError('"choices" must be a list of non-negative integers');
  }
  const seed = value.seed === null ? null : integer(value.seed, 'seed', LIMITS.seed);
  return { format: 'paxos-lab-schedule', version: 1, seed, spec: readSpec(value.spec), choices: value.choices as number[] };
}

function readSpec(value: unknown): SimSpec {
  if (!isObject(value)) throw new UsageError('"spec" is missing or not an object');
  const field = (name: string): unknown => {
    if (!(name in value)) throw new UsageError(`spec.${name} is missing`);
    return value[name];
  };
  const scenario = nullOrString(field('scenario'), 'spec.scenario');
  if (scenario !== null && !findScenario(scenario)) {
    throw new UsageError(`unknown spec.scenario ${JSON.stringify(scenario)} (known: ${SCENARIOS.map((s) => s.name).join(', ')})`);
  }
  const mutant = nullOrString(field('mutant'), 'spec.mutant');
  if (mutant !== null) checkMutantName(mutant, 'spec.mutant');
  const hostsfileText = field('hostsfileText');
  if (typeof hostsfileText !== 'string') throw new UsageError('spec.hostsfileText must be the hostsfile\'s text');
  const hosts = hostsFromText(hostsfileText, 'spec.hostsfileText');
  const values = field('values');
  if (!Array.isArray(values) || !values.every((v) => typeof v === 'string')) throw new UsageError('spec.values must be a list of strings');
  checkValues(values, hosts, 'spec.values');
  const latency = field('latency');
  if (!isObject(latency)) throw new UsageError('spec.latency must be an object with minMs and maxMs');
  checkLatency(latency.minMs as number, latency.maxMs as number, 'spec.latency', JSON.stringify(latency));
  return {
    scenario,
    hostsfileText,
    mutant,
    values,
    delaySeconds: parseSeconds(numberText(field('delaySeconds'), 'spec.delaySeconds'), 'spec.delaySeconds', true),
    faults: readFaults(field('faults'), hosts),
    latency: { minMs: latency.minMs as number, maxMs: latency.maxMs as number },
    startJitterMs: integer(field('startJitterMs'), 'spec.startJitterMs', LIMITS.jitterMs),
    backoff: checkChoice(field('backoff'), ['random', 'none'], 'spec.backoff'),
    maxSteps: integer(field('maxSteps'), 'spec.maxSteps', LIMITS.maxSteps),
    mode: checkChoice(field('mode'), ['timed', 'untimed'], 'spec.mode'),
    maxRounds: integer(field('maxRounds'), 'spec.maxRounds', LIMITS.maxRounds),
    fixedOrderAfterDecision: boolean(field('fixedOrderAfterDecision'), 'spec.fixedOrderAfterDecision'),
    instantReplies: boolean(field('instantReplies'), 'spec.instantReplies'),
  };
}

function readFaults(value: unknown, hosts: readonly HostEntry[]): FaultSettings {
  if (!isObject(value)) throw new UsageError('spec.faults must be an object');
  const list = (name: string): unknown[] => {
    const items = value[name];
    if (!Array.isArray(items)) throw new UsageError(`spec.faults.${name} must be a list`);
    return items;
  };
  const rate = (name: string): number => parseRate(numberText(value[name], `spec.faults.${name}`), `spec.faults.${name}`);
  return asUsageError(() => ({
    dropRate: rate('dropRate'),
    loseRate: rate('loseRate'),
    dupRate: rate('dupRate'),
    // Each as the text its flag takes, through the flag's parser: the same peers, windows and roles are refused.
    partitions: list('partitions').map((p, i) =>
      parsePartition(partitionText(shaped(p, `spec.faults.partitions[${i}]`, ['from', 'to'], ['startMs'], ['healMs'], ['oneWay'])), hosts.map((h) => h.id), `spec.faults.partitions[${i}]`),
    ),
    crashes: list('crashes').map((c, i) =>
      parseCrash(crashText(shaped(c, `spec.faults.crashes[${i}]`, [], ['peer', 'atMs'], ['restartMs'], [])), acceptorOnlyIds(hosts), `spec.faults.crashes[${i}]`),
    ),
    randomPartition: boolean(value.randomPartition, 'spec.faults.randomPartition'),
    randomCrash: boolean(value.randomCrash, 'spec.faults.randomCrash'),
    persist: boolean(value.persist, 'spec.faults.persist'),
  }));
}

/** Checks an object's fields have the types its text form needs: lists of ids, times, optional times, flags. */
function shaped<T>(value: unknown, label: string, idLists: string[], times: string[], optionalTimes: string[], flags: string[]): T {
  const ok =
    isObject(value) &&
    idLists.every((k) => Array.isArray(value[k]) && (value[k] as unknown[]).every((id) => Number.isSafeInteger(id))) &&
    times.every((k) => Number.isSafeInteger(value[k]) && (value[k] as number) >= 0) &&
    optionalTimes.every((k) => value[k] === null || (Number.isSafeInteger(value[k]) && (value[k] as number) >= 0)) &&
    flags.every((k) => typeof value[k] === 'boolean');
  if (!ok) throw new UsageError(`${label} must have ${[...idLists, ...times, ...optionalTimes, ...flags].join(', ')} (${JSON.stringify(value)})`);
  return value as T;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nullOrString(value: unknown, label: string): string | null {
  if (value !== null && typeof value !== 'string') throw new UsageError(`${label} must be null or a name, got ${JSON.stringify(value)}`);
  return value;
}

function boolean(value: unknown, label: string): boolean {
  if (typeof value !== 'boolean') throw new UsageError(`${label} must be true or false, got ${JSON.stringify(value)}`);
  return value;
}

function integer(value: unknown, label: string, bounds: { min: number; max: number }): number {
  return parseInteger(numberText(value, label), label, bounds.min, bounds.max);
}

/** A JSON number as its flag would spell it (no exponent), for that flag's parser. */
function numberText(value: unknown, label: string): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new UsageError(`${label} must be a number, got ${JSON.stringify(value)}`);
  const text = String(value);
  return /e-/.test(text) ? value.toFixed(20).replace(/\.?0+$/, '') : text;
}
