// The simulated network and faults behave as the real transport would:
// per-pair FIFO, retransmitted drops, partitions that hold messages until
// they heal (one way or both), crashes that lose what was in flight, and
// restarts with or without the acceptor's stored state; a peer's messages to
// itself never touch the network; a broken link is redialled as the peer does.

import t from 'tap';
import { parseHostsfile } from '../peer/hostsfile.js';
import { lossyFaults, noFaults } from '../sim/faults.js';
import { parseCrash, parsePartition } from '../sim/faults.js';
import { verifyRun, violationsIn } from '../sim/explore.js';
import { handoutHostsfile } from '../sim/hostsfiles.js';
import { defaultSettings, type SimResult } from '../sim/simulation.js';
import { racingSettings, runSeed } from './sim-helpers.js';

/** Index in the merged log of the first line matching `pattern`. */
const lineOf = (result: SimResult, pattern: RegExp): number => result.log.findIndex((line) => pattern.test(line));
/** Simulated ms of the first line matching `pattern`. */
const timeOf = (result: SimResult, pattern: RegExp): number => result.logAtMs[lineOf(result, pattern)]!;

t.test('a one-way partition holds only the blocked direction, until it heals', async (t) => {
  const partition = parsePartition('1>2,3,4@0-500', [1, 2, 3, 4, 5]);
  const settings = { ...racingSettings({ partitions: [partition] }), startJitterMs: 0, delaySeconds: 0.1 };
  const result = runSeed(settings, 1);
  t.ok(result.endMs >= 500, 'the run lasts until the partition heals');
  // peer5 (not partitioned) gets Y chosen first; peer1's prepares arrive only after 500 ms.
  t.ok(lineOf(result, /^peer5 .*"chose"/) < lineOf(result, /^peer2 .*"received","message_type":"prepare","message_value":"X"/));
  t.same([...new Set(result.chosen.values())], ['Y']);
});

t.test('a partition that never heals leaves the cut-off proposer without a decision', async (t) => {
  const partition = parsePartition('1/2,3,4,5@0', [1, 2, 3, 4, 5]);
  const result = runSeed({ ...racingSettings({ partitions: [partition] }), startJitterMs: 0 }, 1);
  t.notOk(result.chosen.has(1));
  t.equal(result.chosen.get(5), 'Y');
  t.ok(result.log.includes('peer1 exited with code 1'), 'it exits 1, as at the real peer\'s deadline');
});

t.test('dropped copies are retransmitted: every message still arrives, later', async (t) => {
  const lossy = runSeed(racingSettings({ dropRate: 0.5 }), 3);
  const clean = runSeed(racingSettings(), 3);
  const count = (r: SimResult, action: string) => r.log.filter((l) => l.includes(`"action":"${action}"`)).length;
  t.equal(count(lossy, 'sent'), count(lossy, 'received'), 'as many receives as sends');
  t.ok(lossy.endMs > clean.endMs + 150, `retransmission timeouts cost time (${lossy.endMs} ms vs ${clean.endMs} ms)`);
});

t.test('a crashed acceptor loses what was in flight; restarted with its state it keeps its promises', async (t) => {
  const crash = parseCrash('2@3-300', [2, 3, 4]);
  const settings = { ...racingSettings({ crashes: [crash] }), startJitterMs: 0, latency: { minMs: 2, maxMs: 2 } };
  const kept = runSeed(settings, 1);
  t.ok(kept.log.includes('peer2 exited with code 137'), 'Compose reports the killed container');
  t.ok(kept.log.some((l, i) => i > kept.log.indexOf('peer2 exited with code 137') && l.startsWith('peer2  |')), 'and it prints again after the restart');
  t.equal(new Set(kept.chosen.values()).size, 1);
  const forgotten = runSeed({ ...settings, faults: { ...settings.faults, persist: false } }, 1);
  t.not(forgotten.log.join('\n'), kept.log.join('\n'), 'discarding the persisted state changes the run');
});

t.test('--no-persist across a crash can break a promise, and the verifier sees it', async (t) => {
  // Seeds drawn until one shows it: the forgotten promise only matters when a lower accept arrives after the restart.
  let caught = null;
  for (let seed = 1; seed <= 300 && !caught; seed++) {
    const result = runSeed(racingSettings({ randomCrash: true, persist: false }), seed);
    const findings = violationsIn(await verifyRun(result, { scenario: 'any-schedule', hostsfilePath: null }));
    if (findings.length > 0) caught = findings;
  }
  t.ok(caught, 'some schedule breaks a promise');
  t.ok(caught?.some((f) => f.category === 'accept-below-promise' || f.category === 'prepare-ack-report' || f.category === 'agreement'));
});

t.test('duplicates are delivered twice (outside the transport contract) and the verifier notices', async (t) => {
  const result = runSeed(racingSettings({ dupRate: 0.3 }), 2);
  const received = result.log.filter((l) => l.includes('"action":"received"')).length;
  const sent = result.log.filter((l) => l.includes('"action":"sent"')).length;
  t.ok(received > sent, `${received} receives for ${sent} sends`);
  const findings = violationsIn(await verifyRun(result, { scenario: 'any-schedule', hostsfilePath: null }));
  t.ok(findings.some((f) => f.category === 'pairing'));
});

t.test('fault specs: bad ones are refused with the reason', async (t) => {
  t.throws(() => parsePartition('1,2', [1, 2, 3]), /expected GROUP/);
  t.throws(() => parsePartition('1/1@0', [1, 2]), /both sides/);
  t.throws(() => parsePartition('1/2@5-5', [1, 2]), /must come after/);
  t.throws(() => parseCrash('1@5', [2, 3, 4]), /not an acceptor/);
  t.same(parseCrash('3@10', [2, 3, 4]), { peer: 3, atMs: 10, restartMs: null });
  t.same(noFaults().persist, true, 'state is kept unless asked otherwise');
});

// peer1 proposes and accepts for both proposers, so it sends prepares and accepts to itself, and answers itself.
const SELF_HOSTS = parseHostsfile('peer1:proposer1,acceptor1,acceptor2\npeer2:acceptor1,acceptor2\npeer3:acceptor1,acceptor2\npeer4:proposer2\n');
const selfSettings = (faults: Partial<ReturnType<typeof noFaults>>) => ({
  ...defaultSettings(SELF_HOSTS),
  startJitterMs: 20,
  faults: { ...noFaults(), ...faults },
});
const count = (result: SimResult, pattern: RegExp): number => result.log.filter((line) => pattern.test(line)).length;

t.test("a peer's messages to itself never go through the network: no latency, no loss, no drop", async (t) => {
  // Everything on the network lost: peer1 still hears its own prepare at once, and answers itself.
  const cut = runSeed(selfSettings({ loseRate: 1, dropRate: 1 }), 1);
  const ownPrepare = /^peer1 .*"action":"received","message_type":"prepare","message_value":"X","proposal_num":101/;
  t.ok(lineOf(cut, ownPrepare) > 0, 'peer1 received its own prepare');
  t.equal(timeOf(cut, ownPrepare), timeOf(cut, /^peer1 .*"sent","message_type":"prepare"/), 'in the same simulated ms it was sent');
  t.ok(lineOf(cut, /^peer1 .*"received","message_type":"prepare_ack","message_value":null,"proposal_num":0}/) > 0, 'and its own prepare_ack');
  // With faults on the network, every round's prepare and accept to itself still arrives: 1 of the 3 sent per round.
  const missing: string[] = [];
  let accepts = 0;
  for (let seed = 1; seed <= 300; seed++) {
    const run = runSeed(selfSettings({ loseRate: 0.1, dropRate: 0.1 }), seed);
    for (const type of ['prepare', 'accept']) {
      const sent = count(run, new RegExp(`^peer1 .*"sent","message_type":"${type}"`));
      const ownReceived = count(run, new RegExp(`^peer1 .*"peer_id":1,"action":"received","message_type":"${type}"`));
      if (sent !== 3 * ownReceived) missing.push(`seed ${seed}: ${sent} ${type}s sent, ${ownReceived} received from itself`);
      if (type === 'accept') accepts += ownReceived;
    }
  }
  t.same(missing, [], 'no message to itself lost or held back');
  t.ok(accepts > 300, `${accepts} accepts to itself over 300 runs`);
});

t.test('random crashes and partitions fall in either proposer\'s round, the delayed one too', async (t) => {
  // Testcase 2 as handed out: peer5 starts 10 s after peer1.
  const settings = { ...defaultSettings(handoutHostsfile('tc2').hosts), delaySeconds: 10, faults: lossyFaults() };
  const late: SimResult[] = [];
  const early: SimResult[] = [];
  for (let seed = 1; seed <= 40; seed++) {
    const run = runSeed(settings, seed);
    if (run.crashes.some((c) => c.atMs >= 10_000) || run.partitions.some((p) => p.startMs >= 10_000)) late.push(run);
    if (run.crashes.some((c) => c.atMs < 10_000) || run.partitions.some((p) => p.startMs < 10_000)) early.push(run);
  }
  t.ok(late.length > 0 && early.length > 0, `${early.length} runs with a fault in peer1's round, ${late.length} in peer5's`);
  const crashed = late.find((run) => run.crashes.some((c) => c.atMs >= 10_000));
  t.ok(crashed, 'some run crashes an acceptor during peer5\'s round');
  if (!crashed) return;
  const peer5Starts = timeOf(crashed, /^peer5 /);
  t.ok(timeOf(crashed, /exited with code 137$/) >= peer5Starts, 'Compose reports the crash after peer5 started');
});

t.test('a broken link is redialled as the peer does: 50 ms after the break, then 100, 200 ... until the acceptor is back', async (t) => {
  const base = { ...racingSettings(), startJitterMs: 0, latency: { minMs: 2, maxMs: 2 } };
  // peer2 is down from 5 ms to 180 ms: peer5's link to it redials at 55, 155, then 355 ms.
  const oneDown = runSeed({ ...base, delaySeconds: 0.2, faults: { ...noFaults(), crashes: [parseCrash('2@5-180', [2, 3, 4])] } }, 1);
  t.equal(timeOf(oneDown, /^peer5 .*"sent","message_type":"prepare"/), 200, 'peer5 has a majority (peers 3 and 4) and prepares at 200 ms');
  t.equal(timeOf(oneDown, /^peer2 .*"peer_id":5,"action":"received","message_type":"prepare"/), 357, 'its prepare to peer2 leaves at the 355 ms redial');
  // peers 2 and 3 both down: peer5 waits until it is connected to a majority again, as the real peer does.
  const crashes = [parseCrash('2@5-180', [2, 3, 4]), parseCrash('3@5-180', [2, 3, 4])];
  const twoDown = runSeed({ ...base, delaySeconds: 0.1, faults: { ...noFaults(), crashes } }, 1);
  t.equal(timeOf(twoDown, /^peer5 .*"sent","message_type":"prepare"/), 355, 'peer5 prepares only once a majority is connected');
  t.equal(new Set(twoDown.chosen.values()).size, 1, 'and the run still agrees');
});
