// Exploration over the reference core finds no violation (no false alarm),
// and over every mutant finds a schedule that the verifier fails with the
// category that mutant's mistake belongs to. The kill rate and the sweep
// size are printed as diagnostics.

import t from 'tap';
import { explore, type ExploreOptions, type ExploreReport } from '../sim/explore.js';
import { lossyFaults, reliableFaults } from '../sim/faults.js';
import { MUTANTS, type Mutant } from '../sim/mutants/index.js';
import { ReplayedChoices } from '../sim/choices.js';
import { Simulation, type SimSettings } from '../sim/simulation.js';
import { verifyRun, violationsIn } from '../sim/explore.js';
import { racingSettings } from './sim-helpers.js';

const SWEEP_SEEDS = 2000;

function options(settings: SimSettings, overrides: Partial<ExploreOptions> = {}): ExploreOptions {
  return {
    settings,
    scenario: 'any-schedule',
    hostsfilePath: null,
    seeds: 200,
    fromSeed: 1,
    exhaustive: false,
    maxSchedules: 100_000,
    stopAtFirst: true,
    shrinkBudget: 200,
    progress: null,
    ...overrides,
  };
}

function mutantSettings(mutant: Mutant, base: SimSettings): SimSettings {
  return { ...base, coreFactory: mutant.makeCore, forgetOnRestart: mutant.forgetsOnRestart ?? false, faults: { ...base.faults, ...mutant.needs } };
}

const outcomes = (report: ExploreReport): string[] => [...report.outcomes.keys()].sort();

t.test(`reference core: ${SWEEP_SEEDS} seeded schedules with reliable faults (retransmitted drops, healing partitions), no violation`, async (t) => {
  const report = await explore(options(racingSettings(reliableFaults()), { seeds: SWEEP_SEEDS, stopAtFirst: false }));
  t.equal(report.schedules, SWEEP_SEEDS);
  t.equal(report.violations, 0, report.first ? report.first.shrunk.findings.map((f) => f.message).join('; ') : 'none');
  t.same(outcomes(report), ['chose X', 'chose Y'], 'both values win some races; never a disagreement');
  t.comment(`no-false-alarm sweep: ${report.schedules} schedules, ${report.violations} violations`);
});

t.test('reference core: every schedule of testcase 2 within 2 rounds per proposer (exhaustive), no violation', async (t) => {
  const settings = { ...racingSettings(), maxRounds: 2 };
  const report = await explore(options(settings, { exhaustive: true, stopAtFirst: false }));
  t.ok(report.complete, 'the search covered the whole bounded space');
  t.equal(report.violations, 0);
  t.ok(report.schedules > 1000, `${report.schedules} complete schedules, ${report.pruned} pruned`);
  t.same(outcomes(report), ['chose X', 'chose Y']);
});

t.test(`reference core: ${SWEEP_SEEDS} seeded schedules with lossy faults (broken links, crashes with state kept), no violation`, async (t) => {
  // Replies lost in a crash or a broken link leave identical copies answering different rounds: the pairing must not count one for the wrong round.
  const report = await explore(options(racingSettings(lossyFaults()), { seeds: SWEEP_SEEDS, stopAtFirst: false, shrinkBudget: 0 }));
  t.equal(report.schedules, SWEEP_SEEDS);
  t.equal(report.violations, 0, report.first ? report.first.found.findings.map((f) => f.message).join('; ') : 'none');
  t.same(outcomes(report), ['chose X', 'chose Y']);
  t.comment(`no-false-alarm sweep (lossy): ${report.schedules} schedules, ${report.violations} violations`);
});

let killed = 0;
for (const mutant of MUTANTS) {
  t.test(`mutant ${mutant.name} is caught as ${mutant.caughtBy.join(' or ')}`, async (t) => {
    const report = await explore(options(mutantSettings(mutant, racingSettings(reliableFaults()))));
    t.ok(report.first, 'a violating schedule was found');
    if (!report.first) return;
    const { shrunk } = report.first;
    const categories = new Set(shrunk.findings.map((f) => f.category));
    t.ok([...categories].some((c) => mutant.caughtBy.includes(c)), `found ${[...categories].join(', ')}`);
    t.ok(shrunk.choices.length <= report.first.found.choices.length, 'shrinking never grows a schedule');
    // The shrunk schedule is a real one: replaying it fails the same way.
    const replay = new Simulation(mutantSettings(mutant, racingSettings(reliableFaults())), new ReplayedChoices(shrunk.choices)).run();
    const again = violationsIn(await verifyRun(replay, { scenario: 'any-schedule', hostsfilePath: null }));
    t.ok(again.some((f) => categories.has(f.category)), 'the minimal schedule replays to the same failure');
    if ([...categories].some((c) => mutant.caughtBy.includes(c))) killed++;
  });
}

for (const mutant of MUTANTS.filter((m) => !m.needs)) {
  t.test(`mutant ${mutant.name} is caught by exhaustive search too`, async (t) => {
    const report = await explore(options(mutantSettings(mutant, { ...racingSettings(), maxRounds: 2 }), { exhaustive: true }));
    t.ok(report.first && report.first.shrunk.findings.some((f) => mutant.caughtBy.includes(f.category)));
  });
}

t.test('kill rate', async (t) => {
  t.equal(killed, MUTANTS.length, 'every mutant killed with the right category');
  t.comment(`mutant kill rate: ${killed}/${MUTANTS.length}; no-false-alarm sweeps: ${SWEEP_SEEDS} seeded schedules with reliable faults, ${SWEEP_SEEDS} with lossy faults, plus the exhaustive space`);
});
