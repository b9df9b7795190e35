// The simulator's commands as a user meets them: --help tells the truth,
// bad flags get one line and exit 2, explore exits 0 or 1 by its finding.

import { spawnSync } from 'node:child_process';
import t from 'tap';
import { labCli } from './peer-helpers.js';

const lab = (...args: string[]) => spawnSync(process.execPath, [labCli, ...args], { encoding: 'utf8' });

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
  ];
  for (const [args, message] of cases) {
    const result = lab(...args);
    t.equal(result.status, 2, args.join(' '));
    t.match(result.stderr, message);
    t.equal(result.stderr.trim().split('\n').length, 1, 'one line');
    t.notMatch(result.stderr, /\n\s+at /, 'no stack trace');
    t.equal(result.stdout, '', 'nothing on stdout');
  }
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
  t.match(mutant.stdout, /minimal schedule/);
});

t.test('sim: transcript on stdout, the outcome in one line on stderr', async (t) => {
  const run = lab('sim');
  t.equal(run.status, 0);
  t.match(run.stdout, /^Attaching to peer1, peer2, peer3, peer4, peer5\n/);
  t.match(run.stderr, /^paxos-lab sim: chose X; \d+ steps, \d+ ms simulated; ran to the end\n$/);
  const livelock = lab('scenario', 'duel-no-backoff');
  t.match(livelock.stderr, /not terminating: cut off after 400 steps/);
});
