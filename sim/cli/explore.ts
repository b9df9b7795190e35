// `paxos-lab explore`: many seeded runs, or every schedule of a small
// configuration, each checked by the verifier in-process.

import type { Command } from 'commander';
import { parseInteger, UsageError } from '../../peer/command-line.js';
import { getScenario, listScenarios } from '../../verifier/index.js';
import { explore, type ExploreReport } from '../explore.js';
import { findMutant } from '../mutants/index.js';
import { scheduleFile, settingsFromSpec, type SimSpec } from '../spec.js';
import { addRunOptions, specFromFlags, writeFileOrFail, type RunFlags } from './options.js';

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
    .option('--exhaustive', 'enumerate every schedule (untimed; fault flags do not apply) instead of seeds')
    .option('--max-rounds <n>', 'exhaustive: rounds per proposer at most', '2')
    .option('--reorder-replies', 'exhaustive: also reorder replies on their way back (much larger)')
    .option('--max-schedules <n>', 'exhaustive: stop after this many complete schedules', '100000')
    .option('--scenario <name>', 'verifier scenario whose expectations every run must meet', 'any-schedule')
    .option('--keep-going', 'count every violation instead of stopping at the first')
    .option('--record <file>', 'write the shrunk failing schedule here (replay it with paxos-lab sim --replay)')
    .option('--shrink-budget <n>', 'replays allowed while shrinking', '500');
  addRunOptions(command, { delay: '0', jitter: '20' }).action(async (flags: ExploreFlags) => {
    process.exitCode = await runExplore(flags);
  });
}

async function runExplore(flags: ExploreFlags): Promise<number> {
  const spec: SimSpec = specFromFlags(flags);
  if (!getScenario(flags.scenario)) {
    throw new UsageError(`unknown --scenario ${JSON.stringify(flags.scenario)} (known: ${listScenarios().map((s) => s.name).join(', ')})`);
  }
  const mutant = spec.mutant === null ? null : findMutant(spec.mutant)!;
  if (mutant?.needs) {
    spec.faults = { ...spec.faults, ...mutant.needs };
    process.stderr.write(`paxos-lab explore: mutant ${mutant.name} needs ${Object.keys(mutant.needs).join(', ')}: turned on\n`);
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
    seeds: parseInteger(flags.seeds, '--seeds', 1, 100_000_000),
    fromSeed: parseInteger(flags.from, '--from', 0, 2 ** 32 - 1),
    exhaustive: flags.exhaustive ?? false,
    maxSchedules: parseInteger(flags.maxSchedules, '--max-schedules', 1, 100_000_000),
    stopAtFirst: !flags.keepGoing,
    shrinkBudget: parseInteger(flags.shrinkBudget, '--shrink-budget', 0, 1_000_000),
    mutantCategory: mutant?.caughtAs ?? null,
    progress: (line) => process.stderr.write(line + '\n'),
  });
  process.stdout.write(describe(report, spec, mutant?.caughtAs ?? null));
  if (report.first && flags.record !== undefined) {
    const { shrunk } = report.first;
    writeFileOrFail(flags.record, JSON.stringify(scheduleFile(spec, null, shrunk.choices)) + '\n', 'schedule');
  }
  return report.violations > 0 ? 1 : 0;
}

function describe(report: ExploreReport, spec: SimSpec, mutantCategory: string | null): string {
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
  lines.push(`minimal schedule (after ${replays} replays): ${shrunk.choices.length} choice(s) [${shrunk.choices.join(',')}] (from ${found.choices.length})`);
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
  lines.push('transcript of the minimal schedule:');
  lines.push(...shrunk.log.map((line) => `  ${line}`));
  return lines.join('\n') + '\n';
}
