// The simulated network and faults behave as the real transport would:
// per-pair FIFO, retransmitted drops, partitions that hold messages until
// they heal (one way or both), crashes that lose what was in flight, and
// restarts with or without the acceptor's stored state.

import t from 'tap';
import { noFaults } from '../sim/faults.js';
import { parseCrash, parsePartition } from '../sim/faults.js';
import { verifyRun, violationsIn } from '../sim/explore.js';
import type { SimResult } from '../sim/simulation.js';
import { racingSettings, runSeed } from './sim-helpers.js';

/** Index in the merged log of the first line matching `pattern`. */
const lineOf = (result: SimResult, pattern: RegExp): number => result.log.findIndex((line) => pattern.test(line));

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
