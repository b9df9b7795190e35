// `paxos-lab scenario NAME`: one of the lecture's scenarios, on a fixed schedule.

import type { Command } from 'commander';
import { parseInteger, UsageError } from '../../peer/command-line.js';
import { SeededChoices } from '../choices.js';
import { handoutHostsfile } from '../hostsfiles.js';
import { findScenario, SCENARIOS, scenarioSettings } from '../scenarios/index.js';
import { scheduleFile, specOf } from '../spec.js';
import { Simulation } from '../simulation.js';
import { helpIsLongOnly, writeFileOrFail } from './options.js';
import { printRun } from './sim.js';

interface ScenarioFlags {
  list?: boolean;
  maxSteps?: string;
  record?: string;
}

export function registerScenario(program: Command): void {
  helpIsLongOnly(program.command('scenario'))
    .description(
      'Run a scenario of the lecture in the simulator on its fixed schedule and print the transcript; `paxos-verify --scenario NAME` knows ' +
        'what each must show. --list names them.',
    )
    .argument('[name]', `one of: ${SCENARIOS.map((s) => s.name).join(', ')}`)
    .option('--list', 'list the scenarios with one line each')
    .option('--max-steps <n>', 'override the scenario\'s step bound')
    .option('--record <file>', 'write the run\'s schedule (for paxos-lab sim --replay)')
    .action((name: string | undefined, flags: ScenarioFlags) => {
      if (flags.list) {
        const width = Math.max(...SCENARIOS.map((s) => s.name.length));
        for (const s of SCENARIOS) process.stdout.write(`${s.name.padEnd(width)}  ${s.summary}\n`);
        return;
      }
      if (name === undefined) throw new UsageError('name a scenario, or use --list');
      const scenario = findScenario(name);
      if (!scenario) throw new UsageError(`unknown scenario ${JSON.stringify(name)} (known: ${SCENARIOS.map((s) => s.name).join(', ')})`);
      const settings = scenarioSettings(scenario);
      if (flags.maxSteps !== undefined) settings.maxSteps = parseInteger(flags.maxSteps, '--max-steps', 1, 10_000_000);
      const result = new Simulation(settings, new SeededChoices(scenario.seed)).run();
      printRun(result, 'scenario');
      if (flags.record !== undefined) {
        const spec = specOf(settings, { scenario: scenario.name, hostsfileText: handoutHostsfile(scenario.testcase).text, mutant: null });
        writeFileOrFail(flags.record, JSON.stringify(scheduleFile(spec, scenario.seed, result.choices)) + '\n', 'schedule');
      }
    });
}
