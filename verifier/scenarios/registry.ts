// Scenarios by name: what a run is expected to show beyond Paxos itself
// (testcase 1, testcase 2, and later the simulator's slide-46 cases). Each
// has a default hostsfile, its expectation rules and, optionally, a signal
// by which `--scenario auto` recognises it in a transcript.

import type { Rule, ScenarioParams } from '../rules/types.js';
import type { RunEvent } from '../types.js';

export interface Scenario {
  name: string;
  summary: string;
  /** Default hostsfile, relative to the package root. */
  hostsfile: string;
  params: ScenarioParams;
  expectations: readonly Rule[];
  /**
   * Ids of rules whose errors are this scenario's very point (duel-no-backoff:
   * run/termination, since a livelock never decides). They are reported as
   * notes; the scenario's expectations say what the run must show instead.
   */
  expectedFailures?: readonly string[];
  /** For auto: an event that shows this scenario, described for the report as a noun phrase ("a prepare sent by peer5"). */
  autoSignal?: { describe: string; test(event: RunEvent): boolean };
}

const scenarios = new Map<string, Scenario>();
let defaultName: string | null = null;

/** Adds a scenario; the first one registered is the default auto falls back to. */
export function registerScenario(scenario: Scenario): void {
  if (scenarios.has(scenario.name)) throw new Error(`scenario ${scenario.name} is already registered`);
  if (scenario.name === 'auto') throw new Error('"auto" is not a scenario name');
  scenarios.set(scenario.name, scenario);
  defaultName ??= scenario.name;
}

export function getScenario(name: string): Scenario | undefined {
  return scenarios.get(name);
}

export function listScenarios(): Scenario[] {
  return [...scenarios.values()];
}

export function defaultScenario(): Scenario {
  if (defaultName === null) throw new Error('no scenario registered');
  return scenarios.get(defaultName)!;
}
