// The lecture's scenarios: each prints a transcript in the real runs' format
// that the verifier passes under its own scenario, and only under its own.
// The livelock passes too: not deciding is its expected outcome, so
// run/termination becomes a note there, and scenario/livelock checks the duel.

import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import t from 'tap';
import { SeededChoices } from '../sim/choices.js';
import { noFaults } from '../sim/faults.js';
import { SCENARIOS, scenarioSettings } from '../sim/scenarios/index.js';
import { Simulation, type SimResult } from '../sim/simulation.js';
import { verify } from '../verifier/index.js';
import { labCli, repoRoot } from './peer-helpers.js';
import { runSeed, transcriptOf } from './sim-helpers.js';

const verifyCli = path.join(repoRoot, 'dist', 'verifier', 'cli.js');
const runs = new Map<string, SimResult>(
  SCENARIOS.map((scenario) => [scenario.name, new Simulation(scenarioSettings(scenario), new SeededChoices(scenario.seed)).run()]),
);
const run = (name: string): SimResult => runs.get(name)!;

async function verdictOf(name: string, scenario: string) {
  return verify([{ text: transcriptOf(run(name)), name: `${name}.log` }], { scenario });
}

t.test('transcripts have the Compose-merged form of the real runs', async (t) => {
  for (const [name, result] of runs) {
    const [first, ...rest] = result.log;
    t.equal(first, 'Attaching to peer1, peer2, peer3, peer4, peer5', `${name}: Attaching line`);
    const exits = rest.filter((line) => / exited with code \d+$/.test(line));
    t.equal(exits.length, 5, `${name}: one exit line per container`);
    for (const line of rest.filter((l) => !exits.includes(l))) {
      const match = /^peer[1-5]  \| (\{.*\})$/.exec(line);
      t.ok(match, `${name}: prefixed line ${line}`);
      t.same(Object.keys(JSON.parse(match![1]!)), ['peer_id', 'action', 'message_type', 'message_value', 'proposal_num']);
    }
  }
});

for (const name of SCENARIOS.map((s) => s.name)) {
  t.test(`${name} passes the verifier under its scenario`, async (t) => {
    const report = await verdictOf(name, name);
    t.equal(report.verdict, 'pass', report.findings.map((f) => f.message).join('; '));
    t.equal(report.counts.error, 0);
  });
}

t.test('slide46-case1 is testcase 2: it also passes tc2', async (t) => {
  t.equal((await verdictOf('slide46-case1', 'tc2')).verdict, 'pass');
});

t.test('slide46-case3: Y chosen by everyone, peer1 rejected, retried with a higher number and ended with Y', async (t) => {
  const result = run('slide46-case3');
  t.same([...result.chosen.values()], ['Y', 'Y']);
  const peer1 = result.perPeer.get(1)!;
  const rejection = peer1.findIndex((l) => l.action === 'received' && l.message_type === 'accept_ack' && l.proposal_num > 101);
  t.ok(rejection >= 0, 'peer1 received an accept_ack above its n 101');
  const retry = peer1.findIndex((l, i) => i > rejection && l.action === 'sent' && l.message_type === 'prepare');
  t.ok(retry > rejection && peer1[retry]!.proposal_num === 201, 'then prepared 201');
  t.same(peer1.at(-2), { peer_id: 1, action: 'chose', message_type: 'chose', message_value: 'Y', proposal_num: 201 });
});

t.test('each slide-46 case fails the expectations of the other two', async (t) => {
  const cases = ['slide46-case1', 'slide46-case2', 'slide46-case3'];
  for (const name of cases) {
    for (const other of cases.filter((c) => c !== name)) {
      const report = await verdictOf(name, other);
      t.equal(report.verdict, 'fail', `${name} under ${other}`);
      t.ok(report.findings.some((f) => f.ruleId === 'scenario/prior-acceptance'), `${name} under ${other}: prior-acceptance tells them apart`);
    }
  }
});

t.test('duel-no-backoff never decides: cut off by --max-steps; the missing decision is a note, expected there', async (t) => {
  const result = run('duel-no-backoff');
  t.notOk(result.quiescent, 'cut off');
  t.equal(result.chosen.size, 0);
  const report = await verdictOf('duel-no-backoff', 'duel-no-backoff');
  const termination = report.findings.filter((f) => f.ruleId === 'run/termination');
  t.equal(termination.length, 2, 'both proposers started and never chose');
  t.ok(termination.every((f) => f.severity === 'info' && /expected in scenario duel-no-backoff/.test(f.message)));
});

t.test('duel-no-backoff fails every other scenario: elsewhere a run must decide', async (t) => {
  for (const other of [...SCENARIOS.map((s) => s.name).filter((n) => n !== 'duel-no-backoff'), 'tc2', 'any-schedule']) {
    const report = await verdictOf('duel-no-backoff', other);
    t.equal(report.verdict, 'fail', `under ${other}`);
    t.ok(report.findings.some((f) => f.ruleId === 'run/termination' && f.severity === 'error'), `under ${other}: termination is an error`);
  }
});

t.test('only a real duel passes as the livelock: not a settled duel, not a stall', async (t) => {
  const settled = await verdictOf('duel-backoff', 'duel-no-backoff');
  t.equal(settled.verdict, 'fail');
  t.ok(settled.findings.some((f) => f.ruleId === 'scenario/livelock' && f.messageId === 'decided'), 'a settled duel is not a livelock');
  // Every message lost: both proposers keep starting rounds and nobody decides, but nobody was preempted.
  const stall = runSeed({ ...scenarioSettings(SCENARIOS.find((s) => s.name === 'duel-no-backoff')!), faults: { ...noFaults(), loseRate: 1 } }, 1);
  t.equal(stall.chosen.size, 0);
  const report = await verify([{ text: transcriptOf(stall), name: 'stall.log' }], { scenario: 'duel-no-backoff' });
  t.equal(report.verdict, 'fail');
  t.same([...new Set(report.findings.filter((f) => f.severity === 'error').map((f) => f.messageId))], ['fewRejections']);
});

t.test('duel-backoff settles: both proposers decide, on one value', async (t) => {
  const result = run('duel-backoff');
  t.ok(result.quiescent);
  t.equal(new Set(result.chosen.values()).size, 1);
  t.equal(result.chosen.size, 2);
});

t.test('paxos-lab scenario NAME | paxos-verify --scenario NAME passes (real processes)', async (t) => {
  for (const name of ['slide46-case3', 'duel-no-backoff']) {
    const transcript = execFileSync(process.execPath, [labCli, 'scenario', name], { stdio: ['ignore', 'pipe', 'ignore'] });
    const verdict = spawnSync(process.execPath, [verifyCli, '--scenario', name], { input: transcript });
    t.equal(verdict.status, 0, verdict.stdout.toString());
    t.match(verdict.stdout.toString(), `PASS ${name}`);
  }
  const list = execFileSync(process.execPath, [labCli, 'scenario', '--list']).toString();
  for (const scenario of SCENARIOS) t.match(list, scenario.name);
});
