// Everything that defines a simulated run, in a form that can be written to
// a file: with the seed or the recorded choices it reproduces the run.
// Scenarios' scripted latencies are code, so a spec names its scenario.

import { parseHostsfile } from '../peer/hostsfile.js';
import { findScenario, scenarioSettings } from './scenarios/index.js';
import { findMutant } from './mutants/index.js';
import { realCore } from './core-like.js';
import type { FaultSettings } from './faults.js';
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

/** Checks the shape of a schedule file read from disk; returns a reason, or null when it is usable. */
export function scheduleFileProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'not a JSON object';
  const file = value as Partial<ScheduleFile>;
  if (file.format !== 'paxos-lab-schedule') return 'not a paxos-lab schedule (format is not "paxos-lab-schedule")';
  if (file.version !== 1) return `schedule version ${String(file.version)} is not supported (expected 1)`;
  if (!Array.isArray(file.choices) || !file.choices.every((c) => Number.isSafeInteger(c) && c >= 0)) return '"choices" must be a list of non-negative integers';
  if (typeof file.spec !== 'object' || file.spec === null || typeof file.spec.hostsfileText !== 'string') return '"spec" is missing or has no hostsfileText';
  return null;
}
