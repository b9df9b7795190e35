// Shared by the simulator tests: settings for the handed-out testcase 2, runs by seed.

import { SeededChoices } from '../sim/choices.js';
import { noFaults, type FaultSettings } from '../sim/faults.js';
import { handoutHostsfile } from '../sim/hostsfiles.js';
import { defaultSettings, Simulation, type SimResult, type SimSettings } from '../sim/simulation.js';

/** Testcase 2's configuration with both proposers racing (no -t, up to 20 ms start jitter). */
export function racingSettings(faults: Partial<FaultSettings> = {}): SimSettings {
  return { ...defaultSettings(handoutHostsfile('tc2').hosts), startJitterMs: 20, faults: { ...noFaults(), ...faults } };
}

export function runSeed(settings: SimSettings, seed: number): SimResult {
  return new Simulation(settings, new SeededChoices(seed)).run();
}

export const transcriptOf = (result: SimResult): string => result.log.join('\n') + '\n';
