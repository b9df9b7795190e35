// npm run bench:sim: schedules simulated, and simulated + verified in-process,
// per second, fault-free and with faults; the exhaustive search of testcase 2;
// and the mutant kill table (schedules until the first kill, the category
// caught, the size of the shrunk schedule). Figures only: nothing here fails.

import { performance } from 'node:perf_hooks';
import { SeededChoices } from '../sim/choices.js';
import { explore, type ExploreOptions } from '../sim/explore.js';
import { FAULT_PRESETS, type FaultPreset } from '../sim/faults.js';
import { handoutHostsfile } from '../sim/hostsfiles.js';
import { MUTANTS, withMutant } from '../sim/mutants/index.js';
import { defaultSettings, Simulation, type SimSettings } from '../sim/simulation.js';

const SEEDS = Number(process.env['BENCH_SEEDS'] ?? 2000);

function racing(preset: FaultPreset): SimSettings {
  return { ...defaultSettings(handoutHostsfile('tc2').hosts), startJitterMs: 20, faults: FAULT_PRESETS[preset]() };
}

function options(settings: SimSettings, overrides: Partial<ExploreOptions>): ExploreOptions {
  return {
    settings,
    scenario: 'any-schedule',
    hostsfilePath: null,
    seeds: SEEDS,
    fromSeed: 1,
    exhaustive: false,
    maxSchedules: 1_000_000,
    stopAtFirst: false,
    shrinkBudget: 300,
    mutantCategory: null,
    progress: null,
    ...overrides,
  };
}

const perSecond = (count: number, ms: number): string => `${Math.round((count * 1000) / ms)}/s`;

console.log(`bench:sim — testcase 2, proposers racing (-t 0, start jitter 20 ms), latency 1-10 ms, ${SEEDS} seeds per setting\n`);
// Warm the JIT up, so the first setting is not measured cold.
for (let seed = 1; seed <= 200; seed++) new Simulation(racing('none'), new SeededChoices(seed)).run();

console.log('setting    simulated only   simulated+verified   steps/run   outcomes                          violations');
for (const preset of ['none', 'reliable', 'lossy'] as const) {
  const settings = racing(preset);
  let steps = 0;
  const started = performance.now();
  for (let seed = 1; seed <= SEEDS; seed++) steps += new Simulation(settings, new SeededChoices(seed)).run().steps;
  const simMs = performance.now() - started;
  const report = await explore(options(settings, { shrinkBudget: 0 }));
  const outcomes = [...report.outcomes].map(([o, n]) => `${o} ${n}`).join(', ');
  console.log(
    `${preset.padEnd(10)} ${perSecond(SEEDS, simMs).padStart(14)}   ${perSecond(report.schedules, report.elapsedMs).padStart(18)}   ${(steps / SEEDS).toFixed(1).padStart(9)}   ${outcomes.padEnd(32)}  ${report.violations}`,
  );
}

for (const maxRounds of [1, 2]) {
  const report = await explore(options({ ...racing('none'), maxRounds }, { exhaustive: true }));
  console.log(
    `exhaustive, max ${maxRounds} round(s) per proposer, replies not reordered: ${report.schedules} schedules + ${report.pruned} pruned in ` +
      `${(report.elapsedMs / 1000).toFixed(1)} s (${perSecond(report.schedules, report.elapsedMs)}), ${report.complete ? 'complete' : 'incomplete'}, ${report.violations} violations`,
  );
}

console.log('\nmutant kill table (seeded search with reliable faults, stop at the first violation, then shrink)');
console.log('mutant                 killed  schedules  caught as                                  choices found -> shrunk  seconds');
let killed = 0;
for (const mutant of MUTANTS) {
  const report = await explore(options(withMutant(racing('reliable'), mutant), { stopAtFirst: true, mutantCategory: mutant.caughtAs }));
  const categories = report.first ? [...new Set(report.first.shrunk.findings.map((f) => f.category))] : [];
  // Killed: the mistake's own category, on the schedule found and on the shrunk one.
  const right = !!report.first?.found.findings.some((f) => f.category === mutant.caughtAs) && categories.includes(mutant.caughtAs);
  if (right) killed++;
  const sizes = report.first ? `${report.first.found.choices.length} -> ${report.first.shrunk.choices.length}` : '-';
  console.log(
    `${mutant.name.padEnd(22)} ${(right ? 'yes' : 'NO').padEnd(7)} ${String(report.schedules).padStart(9)}  ${categories.join(', ').padEnd(42)} ${sizes.padStart(23)}  ${(report.elapsedMs / 1000).toFixed(1).padStart(7)}`,
  );
}
console.log(`\nkill rate: ${killed}/${MUTANTS.length} mutants killed with the right category`);
