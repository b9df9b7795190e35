// Exploration over the reference core finds no violation (no false alarm),
// and over every mutant finds a schedule that the verifier fails with the
// category that mutant's mistake belongs to: on the first failing schedule,
// and after shrinking (a generic finding such as agreement does not count).
// The kill rate and the sweep size are printed as diagnostics.

import t from 'tap';
import { explore, type ExploreOptions, type ExploreReport } from '../sim/explore.js';
import { lossyFaults, reliableFaults } from '../sim/faults.js';
import { findMutant, MUTANTS, withMutant, type Mutant } from '../sim/mutants/index.js';
import type { Finding } from '../verifier/index.js';
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
    mutantCategory: null,
    progress: null,
    ...overrides,
  };
}

const categoriesOf = (findings: readonly Finding[]): string => [...new Set(findings.map((f) => f.category))].join(', ');
const shows = (mutant: Mutant, findings: readonly Finding[]): boolean => findings.some((f) => f.category === mutant.caughtAs);

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
  t.test(`mutant ${mutant.name} is caught as ${mutant.caughtAs}`, async (t) => {
    const settings = withMutant(racingSettings(reliableFaults()), mutant);
    const report = await explore(options(settings, { mutantCategory: mutant.caughtAs }));
    t.ok(report.first, 'a violating schedule was found');
    if (!report.first) return;
    const { found, shrunk } = report.first;
    t.ok(shows(mutant, found.findings), `the first failing schedule (seed ${found.seed}) shows ${mutant.caughtAs}: ${categoriesOf(found.findings)}`);
    t.ok(shows(mutant, shrunk.findings), `and so does the shrunk one: ${categoriesOf(shrunk.findings)}`);
    t.ok(shrunk.choices.length <= found.choices.length, 'shrinking never grows a schedule');
    // The shrunk schedule is a real one: replaying it shows the mistake again.
    const replay = new Simulation(settings, new ReplayedChoices(shrunk.choices)).run();
    const again = violationsIn(await verifyRun(replay, { scenario: 'any-schedule', hostsfilePath: null }));
    t.ok(shows(mutant, again), `the minimal schedule replays to ${mutant.caughtAs}`);
    if (shows(mutant, found.findings) && shows(mutant, shrunk.findings) && shows(mutant, again)) killed++;
  });
}

for (const mutant of MUTANTS.filter((m) => !m.needs)) {
  t.test(`mutant ${mutant.name} is caught as ${mutant.caughtAs} by exhaustive search too`, async (t) => {
    const settings = withMutant({ ...racingSettings(), maxRounds: 2 }, mutant);
    const report = await explore(options(settings, { exhaustive: true, mutantCategory: mutant.caughtAs }));
    t.ok(report.first && shows(mutant, report.first.found.findings), `first failing schedule: ${categoriesOf(report.first?.found.findings ?? [])}`);
    t.ok(report.first && shows(mutant, report.first.shrunk.findings), `shrunk: ${categoriesOf(report.first?.shrunk.findings ?? [])}`);
  });
}

t.test("shrinking keeps the mutant's own category, not just any category the schedule showed", async (t) => {
  // Lossy seed 31 of the forgetful acceptor breaks a promise (accept-below-promise) and misreports an acceptance
  // (prepare-ack-report); a smaller schedule shows only the second.
  const forgetful = findMutant('forgetful')!;
  const settings = withMutant(racingSettings(lossyFaults()), forgetful);
  const at31 = { seeds: 1, fromSeed: 31 };
  const anyCategory = await explore(options(settings, at31));
  t.ok(anyCategory.first && shows(forgetful, anyCategory.first.found.findings), 'the schedule found shows accept-below-promise');
  t.notOk(anyCategory.first && shows(forgetful, anyCategory.first.shrunk.findings), 'precondition: shrinking to any category found loses it');
  const own = await explore(options(settings, { ...at31, mutantCategory: forgetful.caughtAs }));
  t.ok(own.first && shows(forgetful, own.first.shrunk.findings), `kept: ${categoriesOf(own.first?.shrunk.findings ?? [])}`);
});

t.test('kill rate', async (t) => {
  t.equal(killed, MUTANTS.length, "every mutant killed with its own category, before and after shrinking");
  t.comment(`mutant kill rate: ${killed}/${MUTANTS.length}; no-false-alarm sweeps: ${SWEEP_SEEDS} seeded schedules with reliable faults, ${SWEEP_SEEDS} with lossy faults, plus the exhaustive space`);
});
