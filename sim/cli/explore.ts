// `paxos-lab explore`: many seeded runs, or every schedule of a small
// configuration, each checked by the verifier in-process.

import type { Command } from 'commander';
import { parseInteger, UsageError } from '../../peer/command-line.js';
import { getScenario, listScenarios } from '../../verifier/index.js';
import { explore, type ExploreReport } from '../explore.js';
import { findMutant } from '../mutants/index.js';
import { LIMITS, scheduleFile, settingsFromSpec, type SimSpec } from '../spec.js';
import { addRunOptions, givenFlags, specFromFlags, writeFileOrFail, type RunFlags } from './options.js';

interface ExploreFlags extends RunFlags {
  seeds: string;
  from: string;
  exhaustive?: boolean;
  maxRounds: string;
  reorderReplies?: boolean;
  maxSchedules: string;
  scenario: string;
  keepGoing?: boolean;
  record?: string;
  shrinkBudget: string;
}

export function registerExplore(program: Command): void {
  const command = program
    .command('explore')
    .description(
      'Search for a schedule the verifier fails: --seeds runs (with the fault flags), or --exhaustive (every order of delivery of a small ' +
        'configuration, within --max-rounds). Each transcript is checked in-process; a run without a decision is an outcome, not a violation. ' +
        'Reports schedules explored, outcomes, and the first violation shrunk to a minimal schedule. Progress on stderr. Exit 0: no violation; ' +
        '1: a violation; 2: bad flags.',
    )
    .option('--seeds <n>', 'how many seeded runs', '1000')
    .option('--from <seed>', 'first seed', '1')
    .option('--exhaustive', 'enumerate every order of steps instead of seeds (untimed: the time and fault flags are refused)')
    .option('--max-rounds <n>', 'exhaustive: rounds per proposer at most', '2')
    .option('--reorder-replies', 'exhaustive: also reorder replies on their way back (much larger)')
    .option('--max-schedules <n>', 'exhaustive: stop after this many complete schedules', '100000')
    .option('--scenario <name>', 'verifier scenario whose expectations every run must meet', 'any-schedule')
    .option('--keep-going', 'count every violation instead of stopping at the first')
    .option('--record <file>', 'write the shrunk failing schedule here (replay it with paxos-lab sim --replay)')
    .option('--shrink-budget <n>', 'replays allowed while shrinking', '500');
  addRunOptions(command, { delay: '0', jitter: '20' }).action(async (flags: ExploreFlags, self: Command) => {
    process.exitCode = await runExplore(flags, givenFlags(self));
  });
}

/** Flags each mode has no use for: given with the other mode, they would be silently ignored. */
const SEEDED_ONLY = ['--seeds', '--from', '--delay', '--jitter', '--latency', '--backoff', '--faults', '--drop', '--lose', '--dup', '--partition', '--crash', '--no-persist'];
const EXHAUSTIVE_ONLY = ['--max-rounds', '--reorder-replies', '--max-schedules'];

async function runExplore(flags: ExploreFlags, given: readonly string[]): Promise<number> {
  const ignored = given.filter((flag) => (flags.exhaustive ? SEEDED_ONLY : EXHAUSTIVE_ONLY).includes(flag));
  if (ignored.length > 0) {
    throw new UsageError(
      flags.exhaustive
        ? `--exhaustive explores the order of steps only, with no time and no faults: ${ignored.join(', ')} would be ignored (leave out --exhaustive to search seeds)`
        : `${ignored.join(', ')} ${ignored.length === 1 ? 'applies' : 'apply'} only with --exhaustive`,
    );
  }
  const spec: SimSpec = specFromFlags(flags);
  if (!getScenario(flags.scenario)) {
    throw new UsageError(`unknown --scenario ${JSON.stringify(flags.scenario)} (known: ${listScenarios().map((s) => s.name).join(', ')})`);
  }
  const mutant = spec.mutant === null ? null : findMutant(spec.mutant)!;
  if (mutant?.needs) {
    const needs = Object.keys(mutant.needs).join(', ');
    if (flags.exhaustive) {
      throw new UsageError(`mutant ${mutant.name} shows only with faults (${needs}), which --exhaustive never draws: search seeds instead (leave out --exhaustive)`);
    }
    spec.faults = { ...spec.faults, ...mutant.needs };
    process.stderr.write(`paxos-lab explore: mutant ${mutant.name} needs ${needs}: turned on\n`);
  }
  const seeds = parseInteger(flags.seeds, '--seeds', 1, 100_000_000);
  const fromSeed = parseInteger(flags.from, '--from', LIMITS.seed.min, LIMITS.seed.max);
  if (!flags.exhaustive && fromSeed + seeds - 1 > LIMITS.seed.max) {
    throw new UsageError(`--from ${fromSeed} --seeds ${seeds} goes past the last seed, ${LIMITS.seed.max} (--from + --seeds may be at most ${LIMITS.seed.max + 1})`);
  }
  if (flags.exhaustive) {
    spec.mode = 'untimed';
    spec.maxRounds = parseInteger(flags.maxRounds, '--max-rounds', 1, 10);
    spec.instantReplies = !flags.reorderReplies;
  }
  const report = await explore({
    settings: settingsFromSpec(spec),
    scenario: flags.scenario,
    hostsfilePath: flags.hostsfile ?? null,
    seeds,
    fromSeed,
    exhaustive: flags.exhaustive ?? false,
    maxSchedules: parseInteger(flags.maxSchedules, '--max-schedules', 1, 100_000_000),
    stopAtFirst: !flags.keepGoing,
    shrinkBudget: parseInteger(flags.shrinkBudget, '--shrink-budget', 0, 1_000_000),
    mutantCategory: mutant?.caughtAs ?? null,
    progress: (line) => process.stderr.write(line + '\n'),
  });
  process.stdout.write(describe(report, spec, mutant?.caughtAs ?? null, flags.record ?? null));
  if (report.first && flags.record !== undefined) {
    const { shrunk } = report.first;
    writeFileOrFail(flags.record, JSON.stringify(scheduleFile(spec, null, shrunk.choices)) + '\n', 'schedule');
  }
  return report.violations > 0 ? 1 : 0;
}

function describe(report: ExploreReport, spec: SimSpec, mutantCategory: string | null, recordFile: string | null): string {
  const lines: string[] = [];
  const seconds = report.elapsedMs / 1000;
  const what = spec.mutant ? `mutant ${spec.mutant}` : 'the reference core';
  const bounds = report.mode === 'exhaustive' ? ` (max ${spec.maxRounds} round(s) per proposer${spec.instantReplies ? ', replies not reordered' : ''})` : '';
  lines.push(`explored ${report.schedules} ${report.mode} schedule(s) of ${what}${bounds} in ${seconds.toFixed(1)} s (${Math.round(report.schedules / Math.max(seconds, 1e-3))}/s)`);
  if (report.mode === 'exhaustive') {
    lines.push(`${report.pruned} partial schedule(s) pruned as already explored; ${report.complete ? 'every schedule within the bounds was covered' : 'stopped before covering every schedule'}`);
  }
  lines.push('outcomes:');
  for (const [outcome, count] of [...report.outcomes].sort((a, b) => b[1] - a[1])) lines.push(`  ${String(count).padStart(8)}  ${outcome}`);
  if (!report.first) {
    lines.push('no violation found');
    return lines.join('\n') + '\n';
  }
  const { found, shrunk, replays } = report.first;
  lines.push(`${report.violations} violating schedule(s)${report.violations === 1 && report.schedules > 1 ? ' (stopped at the first)' : ''}`);
  lines.push(found.seed === null ? 'first violation: found by exhaustive search' : `first violation: seed ${found.seed}`);
  // A schedule is the list of the run's random choices; past its end every choice is 0, the plainest option.
  const kept = shrunk.choices.length === 0
    ? 'none, every choice takes the plainest option (no fault, shortest delay, first step in line)'
    : `[${shrunk.choices.join(',')}], then the plainest option (0) for every later one`;
  lines.push(`shrunk in ${replays} replays from ${found.choices.length} recorded choices to ${shrunk.choices.length}: ${kept}`);
  lines.push(recordFile !== null ? `replay it with: paxos-lab sim --replay ${recordFile}` : 'to replay it: run again with --record FILE, then paxos-lab sim --replay FILE');
  for (const finding of shrunk.findings) {
    lines.push(`  ${finding.category}: ${finding.ruleId}: ${finding.message}${finding.line ? ` (transcript line ${finding.line})` : ''}`);
  }
  if (mutantCategory !== null) {
    const shown = shrunk.findings.some((f) => f.category === mutantCategory);
    lines.push(
      shown
        ? `the mutant's own mistake is caught: ${mutantCategory}`
        : `the mutant's own mistake (${mutantCategory}) is not among the findings: this schedule shows only its consequences`,
    );
  }
  lines.push('transcript of the shrunk schedule:');
  lines.push(...shrunk.log.map((line) => `  ${line}`));
  return lines.join('\n') + '\n';
}
