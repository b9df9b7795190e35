// Same seed, same run, byte for byte; a recorded schedule replays exactly,
// in-process and through the real command line.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { ReplayedChoices } from '../sim/choices.js';
import { lossyFaults } from '../sim/faults.js';
import { Simulation } from '../sim/simulation.js';
import { labCli } from './peer-helpers.js';
import { racingSettings, runSeed, transcriptOf } from './sim-helpers.js';

const faulty = racingSettings({ ...lossyFaults(), dupRate: 0.05 });

t.test('the same seed gives the same transcript, byte for byte, with every fault on', async (t) => {
  for (const seed of [1, 2, 3, 99, 12345]) {
    t.equal(transcriptOf(runSeed(faulty, seed)), transcriptOf(runSeed(faulty, seed)), `seed ${seed}`);
  }
});

t.test('different seeds give different schedules', async (t) => {
  const transcripts = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => transcriptOf(runSeed(faulty, seed))));
  t.ok(transcripts.size >= 6, `${transcripts.size} distinct transcripts from 8 seeds`);
});

t.test('replaying the recorded choices reproduces the run', async (t) => {
  for (const seed of [4, 5, 6]) {
    const original = runSeed(faulty, seed);
    const replayed = new Simulation(faulty, new ReplayedChoices(original.choices)).run();
    t.equal(transcriptOf(replayed), transcriptOf(original), `seed ${seed}`);
    t.same(replayed.choices, original.choices);
  }
});

t.test('choices missing at the end of a schedule read as 0: the plainest outcome', async (t) => {
  const plain = new Simulation(racingSettings(), new ReplayedChoices([])).run();
  t.ok(plain.quiescent);
  t.ok(plain.choices.every((c) => c === 0));
  t.equal(plain.chosen.size, 2, 'both proposers decide on a fault-free, shortest-latency schedule');
});

t.test('paxos-lab sim --record then --replay prints the same bytes (real processes, real files)', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-record-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const record = path.join(dir, 'run.json');
  const args = ['sim', '--faults', 'lossy', '--dup', '0.05', '--delay', '0', '--jitter', '20', '--seed', '77'];
  const first = execFileSync(process.execPath, [labCli, ...args, '--record', record], { stdio: ['ignore', 'pipe', 'ignore'] });
  const again = execFileSync(process.execPath, [labCli, ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
  const replayed = execFileSync(process.execPath, [labCli, 'sim', '--replay', record], { stdio: ['ignore', 'pipe', 'ignore'] });
  t.ok(first.length > 1000, 'a real transcript');
  t.equal(again.toString(), first.toString(), 'same flags, same bytes');
  t.equal(replayed.toString(), first.toString(), 'replay, same bytes');
  const file = JSON.parse(fs.readFileSync(record, 'utf8'));
  t.equal(file.seed, 77);
  t.ok(file.choices.length > 20, 'every choice recorded');
});
