// The default command: paxos-verify [options] [FILE...].

import { existsSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { analyse } from '../index.js';
import { renderHtml } from '../report/html/index.js';
import type { RunView, VerifyInput } from '../pipeline.js';
import { renderJson } from '../report/json.js';
import { renderTap } from '../report/tap.js';
import { renderText } from '../report/text.js';
import { escapeText } from '../report/escape.js';
import { DEFAULT_MAX_PER_RULE } from '../findings/collector.js';
import { listScenarios } from '../scenarios/registry.js';
import { ruleTable } from '../rules/table.js';
import { UsageError } from './usage-error.js';
import type { Profile, Report } from '../types.js';

export const FORMATS = ['text', 'tap', 'json', 'html'] as const;
export type Format = (typeof FORMATS)[number];

interface CheckOptions {
  scenario: string;
  hostsfile?: string;
  profile: Profile;
  format: Format;
  maxFindings: string;
  listRules?: boolean;
}

export function configureCheck(program: Command): void {
  const scenarios = listScenarios();
  program
    .argument('[FILE...]', 'merged `docker compose up`/`logs` output, or one file per peer (peer3.log); none or - reads stdin')
    .addOption(new Option('--scenario <name>', 'testcase whose expectations to check; auto decides from the transcript and says why')
      .choices([...scenarios.map((s) => s.name), 'auto']).default('auto'))
    .option('--hostsfile <file>', 'hostsfile the run used (default: the scenario\'s handed-out one)')
    .addOption(new Option('--profile <profile>', 'strict: the handout\'s format exactly; lenient: also common variants, each named in a warning')
      .choices(['strict', 'lenient']).default('strict'))
    .addOption(new Option('--format <format>', 'report format').choices(FORMATS).default('text'))
    .option('--max-findings <n>', 'findings listed per rule (the rest are counted)', String(DEFAULT_MAX_PER_RULE))
    .option('--list-rules', 'print the rule catalogue (Markdown) and exit')
    .action(async (files: string[], options: CheckOptions) => {
      if (options.listRules) {
        process.stdout.write(ruleTable());
        return;
      }
      const maxFindings = Number(options.maxFindings);
      if (!Number.isInteger(maxFindings) || maxFindings < 1) throw new UsageError(`--max-findings needs a whole number of at least 1, got "${options.maxFindings}"`);
      if (files.filter((f) => f === '-').length > 1) throw new UsageError('stdin (-) can be given only once');
      for (const file of files) {
        const target = makeTargetWriting(file);
        if (target !== null && !existsSync(file)) throw new UsageError(`cannot read ${file}: no such file (make ${target} writes it)`);
      }
      const inputs: VerifyInput[] = files.length === 0 ? [stdin()] : files.map((f) => (f === '-' ? stdin() : { path: f }));
      const { report, run } = await analyse(inputs, {
        scenario: options.scenario,
        profile: options.profile,
        maxFindingsPerRule: maxFindings,
        keepRun: options.format === 'html',
        ...(options.hostsfile !== undefined ? { hostsfile: options.hostsfile } : {}),
      });
      if (report.fatal !== null) {
        // The reason may quote a file name or a hostsfile line: never raw on the terminal.
        process.stderr.write(`paxos-verify: ${escapeText(report.fatal)}\n`);
        process.stdout.write(unverifiedOutput(report, options.format, run));
        process.exitCode = 2;
        return;
      }
      const colour = process.stdout.isTTY === true && !process.env['NO_COLOR'];
      process.stdout.write(options.format === 'json' ? renderJson(report) : options.format === 'tap' ? renderTap(report) : options.format === 'html' ? renderHtml(report, run) : renderText(report, { colour }));
      process.exitCode = report.verdict === 'pass' ? 0 : 1;
    });
}

/** What stdout gets when the run could not be verified: the report in a machine format, nothing for text (the reason is on stderr). */
export function unverifiedOutput(report: Report, format: Format, run: RunView | null = null): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'tap':
      return renderTap(report);
    case 'html':
      return renderHtml(report, run);
    default:
      return '';
  }
}

/** The make target that writes this run log (out/tc1.log: tc1, out/demo-tc2.log: demo), or null for any other file. */
function makeTargetWriting(file: string): string | null {
  const match = /(?:^|[\\/])out[\\/](demo-)?tc([12])\.log$/.exec(file);
  if (!match) return null;
  return match[1] ? 'demo' : `tc${match[2]}`;
}

function stdin(): VerifyInput {
  if (process.stdin.isTTY) process.stderr.write('paxos-verify: reading the transcript from the terminal (end with Ctrl-D)\n');
  return { stream: process.stdin, name: '<stdin>' };
}
