// The simulator's commands as a user meets them: --help tells the truth,
// bad flags get one line and exit 2, explore exits 0 or 1 by its finding.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { labCli, repoRoot } from './peer-helpers.js';

const lab = (...args: string[]) => spawnSync(process.execPath, [labCli, ...args], { encoding: 'utf8', cwd: repoRoot });
const TC1_HOSTSFILE = 'compose/handout/hostsfile-testcase1.txt';

function expectUsageError(t: Test, args: string[], message: RegExp): void {
  const result = lab(...args);
  t.equal(result.status, 2, args.join(' '));
  t.match(result.stderr, message);
  t.equal(result.stderr.trim().split('\n').length, 1, 'one line');
  t.notMatch(result.stderr, /\n\s+at |internal error/, 'no stack trace');
  t.equal(result.stdout, '', 'nothing on stdout');
}

t.test('bad flags: one line on stderr, exit 2, no stack trace', async (t) => {
  const cases: [string[], RegExp][] = [
    [['sim', '--drop', '1.5'], /--drop expects a rate/],
    [['sim', '--partition', '1,2'], /--partition "1,2": expected/],
    [['sim', '--crash', '1@10'], /peer 1 is not an acceptor/],
    [['sim', '--values', 'X'], /no value for proposer2/],
    [['sim', '--latency', '5-1'], /--latency expects/],
    [['sim', '--hostsfile', 'no-such-file'], /cannot read hostsfile/],
    [['sim', '--mutant', 'nope'], /unknown --mutant "nope"/],
    [['sim', '--replay', 'package.json'], /not a paxos-lab schedule/],
    [['sim', '--seed', '-1'], /--seed expects/],
    [['scenario', 'nope'], /unknown scenario "nope"/],
    [['explore', '--seeds', '0'], /--seeds expects/],
    [['explore', '--scenario', 'nope'], /unknown --scenario "nope"/],
    // Seeds are 32-bit: running past the last one would wrap around to seeds already run.
    [['explore', '--from', '4294967295', '--seeds', '3'], /goes past the last seed, 4294967295/],
    // Exhaustive search has no time and draws no faults: flags it would ignore are refused, not dropped in silence.
    [['explore', '--mutant', 'forgetful', '--exhaustive'], /mutant forgetful shows only with faults \(randomCrash\), which --exhaustive never draws/],
    [['explore', '--exhaustive', '--drop', '0.5', '--partition', 'random'], /--exhaustive .*: --drop, --partition would be ignored/],
    [['explore', '--exhaustive', '--faults', 'lossy', '-t', '1'], /--delay, --faults would be ignored/],
    [['explore', '--max-rounds', '3'], /--max-rounds applies only with --exhaustive/],
    [['scenario', 'slide46-case1', '-h', TC1_HOSTSFILE], /unknown option '-h'/],
  ];
  for (const [args, message] of cases) expectUsageError(t, args, message);
});

t.test('explore: the last seeds can be reached, and no further', async (t) => {
  const last = lab('explore', '--from', '4294967294', '--seeds', '2');
  t.equal(last.status, 0, last.stderr);
  t.match(last.stdout, /explored 2 seeded schedule\(s\)/);
});

t.test('sim --replay checks every field of the schedule file as its flag is checked', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-replay-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const recorded = path.join(dir, 'run.json');
  t.equal(lab('sim', '--lose', '1', '--record', recorded).status, 0);
  const original = JSON.parse(fs.readFileSync(recorded, 'utf8'));
  const cases: [string, (spec: Record<string, any>) => void, RegExp][] = [
    ['maxSteps not a number (with --lose 1 it never ended)', (s) => (s.maxSteps = 'abc'), /spec\.maxSteps must be a number, got "abc"/],
    ['maxSteps out of range', (s) => (s.maxSteps = 0), /spec\.maxSteps expects an integer from 1 to 10000000, got "0"/],
    ['a value longer than one character', (s) => (s.values = ['XYZ', 'Y']), /spec\.values: a value is one character/],
    ['a missing value', (s) => (s.values = ['X']), /spec\.values gives no value for proposer2/],
    ['a crash of a proposer', (s) => (s.faults.crashes = [{ peer: 1, atMs: 5, restartMs: 50 }]), /spec\.faults\.crashes\[0\] "1@5-50": peer 1 is not an acceptor/],
    ['a crash of a peer not in the hostsfile', (s) => (s.faults.crashes = [{ peer: 9, atMs: 5, restartMs: null }]), /peer 9 is not an acceptor/],
    ['partitions not a list', (s) => (s.faults.partitions = 'oops'), /spec\.faults\.partitions must be a list/],
    ['a partition healing before it starts', (s) => (s.faults.partitions = [{ from: [1], to: [2], oneWay: false, startMs: 9, healMs: 5 }]), /must come after the start/],
    ['a rate above 1', (s) => (s.faults.dropRate = 2), /spec\.faults\.dropRate expects a rate from 0 to 1/],
    ['no scenario field', (s) => delete s.scenario, /spec\.scenario is missing/],
    ['an unknown scenario', (s) => (s.scenario = 'nope'), /unknown spec\.scenario "nope"/],
    ['an unknown mode', (s) => (s.mode = 'fast'), /spec\.mode expects timed or untimed, got "fast"/],
    ['a broken hostsfile', (s) => (s.hostsfileText = 'peer1:proposer7\n'), /spec\.hostsfileText: /],
  ];
  for (const [index, [name, edit, message]] of cases.entries()) {
    const file = path.join(dir, `edited-${index}.json`);
    const copy = structuredClone(original);
    edit(copy.spec);
    fs.writeFileSync(file, JSON.stringify(copy));
    t.test(name, async (t) => expectUsageError(t, ['sim', '--replay', file], message));
  }
  t.equal(lab('sim', '--replay', recorded).status, 0, 'the file as recorded replays');
});

t.test('-h is the hostsfile, as for paxos-peer; --help is help', async (t) => {
  const sim = lab('sim', '-h', TC1_HOSTSFILE);
  t.equal(sim.status, 0, sim.stderr);
  t.match(sim.stdout, /^Attaching to peer1, peer2, peer3, peer4, peer5\n/);
  t.notMatch(sim.stdout, /^peer5  \| /m, "testcase 1's hostsfile: peer5 is a learner and prints nothing");
  t.same(sim.stdout, lab('sim', '--hostsfile', TC1_HOSTSFILE).stdout, '-h and --hostsfile are the same option');
  const explore = lab('explore', '-h', TC1_HOSTSFILE, '--seeds', '5');
  t.equal(explore.status, 0, explore.stderr);
  t.match(explore.stdout, /outcomes:\n\s+5  chose X\n/);
  for (const command of ['sim', 'explore', 'scenario']) {
    const help = lab(command, '--help');
    t.equal(help.status, 0, `${command} --help`);
    t.match(help.stdout, /--help\s+show this help \(-h is the hostsfile, as for\s+paxos-peer\)/);
  }
  t.match(lab('sim', '--help').stdout, /-h, --hostsfile <file>/);
  t.match(lab('sim', '--help').stdout, /-t, --delay <seconds>/);
});

t.test('--help lists the flags the brief promises', async (t) => {
  const sim = lab('sim', '--help');
  t.equal(sim.status, 0);
  for (const flag of ['--hostsfile', '--values', '--delay', '--drop', '--lose', '--dup', '--partition', '--crash', '--no-persist', '--seed', '--max-steps', '--record', '--replay', '--mutant']) {
    t.match(sim.stdout, flag);
  }
  const explore = lab('explore', '--help');
  for (const flag of ['--seeds', '--from', '--exhaustive', '--max-rounds', '--mutant', '--record']) t.match(explore.stdout, flag);
  t.match(lab('--help').stdout, /scenario/);
});

t.test('explore: exit 0 over the reference core, 1 over a mutant with the minimal schedule printed', async (t) => {
  const clean = lab('explore', '--seeds', '50');
  t.equal(clean.status, 0);
  t.match(clean.stdout, /explored 50 seeded schedule\(s\) of the reference core/);
  t.match(clean.stdout, /no violation found/);
  const mutant = lab('explore', '--seeds', '50', '--mutant', 'chose-without-quorum');
  t.equal(mutant.status, 1);
  t.match(mutant.stdout, /quorum-accept: proposer\/quorum-accept/);
  t.match(mutant.stdout, /^shrunk in \d+ replays from \d+ recorded choices to \d+: /m, 'the shrunk schedule in words');
  t.match(mutant.stdout, /^to replay it: run again with --record FILE, then paxos-lab sim --replay FILE$/m);
  t.notMatch(mutant.stdout, /choice\(s\) \[/, 'not the bare list of numbers');
});

t.test('sim: transcript on stdout, the outcome in one line on stderr', async (t) => {
  const run = lab('sim');
  t.equal(run.status, 0);
  t.match(run.stdout, /^Attaching to peer1, peer2, peer3, peer4, peer5\n/);
  t.match(run.stderr, /^paxos-lab sim: chose X; \d+ steps, \d+ ms simulated; ran to the end\n$/);
  const livelock = lab('scenario', 'duel-no-backoff');
  t.match(livelock.stderr, /^paxos-lab scenario: no decision .*not terminating: cut off after 400 steps/, 'labelled with the command that ran');
});
