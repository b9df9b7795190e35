// The rebuilt run: only each peer's own order counts, so any interleaving of
// the peers' lines gives the same verdict; identical replies are paired in
// the order one connection delivers them; the run model for diagrams holds
// every event, every matched pair and the findings on each event.

import fc from 'fast-check';
import t from 'tap';
import { analyse, verify } from '../verifier/index.js';
import { TC2_RUN, line, log } from '../verifier/rules/examples.js';
import { topologyFromHostsfile } from '../verifier/scenarios/topology.js';
import { MAX_DEFERRED, RunModel, type TwinWatch } from '../verifier/transcript/model.js';

/** Each peer's lines in its own order. */
function perPeer(specs: readonly string[]): string[][] {
  const peers = new Map<string, string[]>();
  for (const spec of specs) {
    const peer = /^\d+/.exec(spec)![0];
    peers.set(peer, [...(peers.get(peer) ?? []), line(spec)]);
  }
  return [...peers.values()];
}

/** One merged log of `specs`: each pick takes the next line of that peer (or of the next peer that still has lines). */
function interleaved(specs: readonly string[], picks: readonly number[]): string {
  const streams = perPeer(specs);
  const cursors = streams.map(() => 0);
  const merged: string[] = [];
  for (const pick of picks) {
    for (let k = 0; k < streams.length; k++) {
      const s = (pick + k) % streams.length;
      if (cursors[s]! < streams[s]!.length) {
        merged.push(streams[s]![cursors[s]!++]!);
        break;
      }
    }
  }
  return merged.join('\n');
}

/** Picks for fc: one per line of `specs`, each naming one of its peers. */
const picksFor = (specs: readonly string[]) =>
  fc.array(fc.nat(perPeer(specs).length - 1), { minLength: specs.length, maxLength: specs.length });

t.test('any interleaving that keeps each peer\'s order passes (merged order is never trusted)', async () => {
  await fc.assert(
    fc.asyncProperty(picksFor(TC2_RUN), async (picks) => {
      const report = await verify([{ text: interleaved(TC2_RUN, picks) }], { scenario: 'tc2' });
      return report.verdict === 'pass' && report.findings.length === 0 && report.stats.matchedMessages === 24;
    }),
    { numRuns: 60 },
  );
});

t.test('the run model: events, matched pairs, findings on events', async (t) => {
  const specs = TC2_RUN.map((s) => (s === '5 sent accept X 105' ? '5 sent accept Y 105' : s));
  const { report, run } = await analyse([{ text: log(specs), name: 'run.log' }], { scenario: 'tc2', keepRun: true });
  t.ok(run);
  if (!run) return;
  t.equal(run.events.length, TC2_RUN.length);
  t.ok(run.events.every((e) => e.raw !== null && e.file === 'run.log' && e.line >= 1));
  t.equal(run.messages.length, report.stats.matchedMessages);
  const byId = new Map(run.events.map((e) => [e.id, e]));
  for (const { send, receive } of run.messages) {
    const s = byId.get(send)!;
    const r = byId.get(receive)!;
    t.ok(s.action === 'sent' && r.action === 'received' && s.type === r.type && s.n === r.n && r.sender === s.printer, `${s.line} -> ${r.line}`);
  }
  const adopt = report.findings.find((f) => f.ruleId === 'proposer/adopt-value')!;
  t.ok(adopt.eventId !== null && run.findingsByEvent.get(adopt.eventId)?.includes(adopt), 'the finding hangs on its event');
  t.same(run.events.filter((e) => e.printer === 5).map((e) => e.seq), [...Array(run.events.filter((e) => e.printer === 5).length).keys()], 'per-peer sequence numbers');
});

t.test('printer-id convention: senders worked out from the matching sends', async (t) => {
  const specs = TC2_RUN.map((s) => s.replace(/^(\d+) received (.*) from \d+$/, '$1 received $2 from $1'));
  const { report, run } = await analyse([{ text: log(specs) }], { scenario: 'tc2', profile: 'lenient', keepRun: true });
  t.equal(report.verdict, 'pass');
  t.same(report.findings.map((f) => f.ruleId), ['pairing/peer-id-convention'], 'reported once');
  const received = run!.events.filter((e) => e.action === 'received');
  t.ok(received.every((e) => e.sender !== e.printer), 'every sender found');
});

/**
 * Peer5 gets Y chosen at 105; peer4 sees peer1's prepare(101) only then and
 * answers it (105, Y); peer1 is rejected, retries at 201, and peer4 answers
 * that with the identical (105, Y). Both copies reach peer1 before its accept
 * (201): one TCP connection delivers them in order, so the second answers 201
 * and peer1 must adopt Y. It sends X.
 */
const TWIN_REPLIES: readonly string[] = [
  '1 sent prepare X 101', '1 sent prepare X 101', '1 sent prepare X 101',
  '2 received prepare X 101 from 1', '2 sent prepare_ack - 0',
  '3 received prepare X 101 from 1', '3 sent prepare_ack - 0',
  '1 received prepare_ack - 0 from 2', '1 received prepare_ack - 0 from 3',
  '1 sent accept X 101', '1 sent accept X 101', '1 sent accept X 101',
  '5 sent prepare Y 105', '5 sent prepare Y 105', '5 sent prepare Y 105',
  '2 received prepare Y 105 from 5', '2 sent prepare_ack - 0',
  '3 received prepare Y 105 from 5', '3 sent prepare_ack - 0',
  '4 received prepare Y 105 from 5', '4 sent prepare_ack - 0',
  '5 received prepare_ack - 0 from 2', '5 received prepare_ack - 0 from 3',
  '5 sent accept Y 105', '5 sent accept Y 105', '5 sent accept Y 105',
  '5 received prepare_ack - 0 from 4',
  '2 received accept Y 105 from 5', '2 sent accept_ack Y 105',
  '4 received accept Y 105 from 5', '4 sent accept_ack Y 105',
  '5 received accept_ack Y 105 from 2', '5 received accept_ack Y 105 from 4', '5 chose Y 105',
  '4 received prepare X 101 from 1', '4 sent prepare_ack Y 105',
  '2 received accept X 101 from 1', '2 sent accept_ack Y 105',
  '3 received accept X 101 from 1', '3 sent accept_ack - 105',
  '4 received accept X 101 from 1', '4 sent accept_ack Y 105',
  '1 received accept_ack Y 105 from 2', '1 received accept_ack - 105 from 3',
  '1 sent prepare X 201', '1 sent prepare X 201', '1 sent prepare X 201',
  '4 received prepare X 201 from 1', '4 sent prepare_ack Y 105',
  '3 received prepare X 201 from 1', '3 sent prepare_ack - 0',
  '1 received prepare_ack Y 105 from 4',
  '1 received accept_ack Y 105 from 4',
  '1 received prepare_ack Y 105 from 4',
  '1 received prepare_ack - 0 from 3',
  '1 sent accept X 201', '1 sent accept X 201', '1 sent accept X 201',
];

const adoptFindings = (report: Awaited<ReturnType<typeof verify>>): string[] =>
  report.findings.filter((f) => f.ruleId === 'proposer/adopt-value' || f.ruleId === 'proposer/quorum-prepare').map((f) => `${f.ruleId}: ${f.message}`);

t.test('identical replies are paired oldest first: the second copy answers the later round, whatever the merged order', async (t) => {
  const [first] = (await verify([{ text: log(TWIN_REPLIES) }], { scenario: 'tc2' })).findings.filter((f) => f.ruleId === 'proposer/adopt-value');
  t.match(first?.message, /peer1 sent accept\(201, X\) but peer4 reported accepted proposal \(105, Y\)/);
  await fc.assert(
    fc.asyncProperty(picksFor(TWIN_REPLIES), async (picks) => {
      const report = await verify([{ text: interleaved(TWIN_REPLIES, picks) }], { scenario: 'tc2' });
      const found = adoptFindings(report);
      return found.length === 1 && found[0]!.startsWith('proposer/adopt-value: peer1 sent accept(201, X)');
    }),
    { numRuns: 40 },
  );
});

t.test('when one of two identical replies never arrived, the one that did may answer either round: counted, its value not required', async (t) => {
  const lost = TWIN_REPLIES.filter((s, i) => !(s === '1 received prepare_ack Y 105 from 4' && i === TWIN_REPLIES.lastIndexOf(s)));
  t.equal(lost.length, TWIN_REPLIES.length - 1);
  const report = await verify([{ text: log(lost) }], { scenario: 'tc2' });
  t.same(adoptFindings(report), [], 'neither adopt-value nor quorum-prepare');
  // With neither copy received, round 201 had one prepare_ack: that is certain.
  const none = lost.filter((s) => s !== '1 received prepare_ack Y 105 from 4');
  t.match(adoptFindings(await verify([{ text: log(none) }], { scenario: 'tc2' })), [/^proposer\/quorum-prepare: peer1 sent accept\(201, X\) after 1 prepare_ack/]);
});

/** Peer1's accept(101, X) is rejected (peer5 got Y accepted at 105); peer1 retries with 101 again, is told (105, Y) and rightly sends Y. */
const REUSED_NUMBER: readonly string[] = [
  ...TWIN_REPLIES.slice(0, TWIN_REPLIES.indexOf('1 sent prepare X 201')).filter((s) => !s.startsWith('4 received prepare X 101') && s !== '4 sent prepare_ack Y 105'),
  '1 sent prepare X 101', '1 sent prepare X 101', '1 sent prepare X 101',
  '2 received prepare X 101 from 1', '2 sent prepare_ack Y 105',
  '4 received prepare X 101 from 1', '4 sent prepare_ack Y 105',
  '1 received prepare_ack Y 105 from 2', '1 received accept_ack Y 105 from 4', '1 received prepare_ack Y 105 from 4',
  '1 sent accept Y 101', '1 sent accept Y 101', '1 sent accept Y 101',
];

t.test('a reused proposal number is reported once, and the retry is judged on its own prepare_acks', async (t) => {
  const report = await verify([{ text: log(REUSED_NUMBER) }], { scenario: 'tc2' });
  const unique = report.findings.filter((f) => f.ruleId === 'proposer/proposal-unique');
  t.same(unique.map((f) => [f.message, f.occurrences]), [['peer1 starts another round with proposal 101, which it already used', 1]]);
  t.same(adoptFindings(report), [], 'accept(101, Y) adopts what the retry was told');
  const kept = REUSED_NUMBER.map((s, i) => (i > REUSED_NUMBER.length - 4 ? s.replace(' Y 101', ' X 101') : s));
  t.match(adoptFindings(await verify([{ text: log(kept) }], { scenario: 'tc2' })), [/^proposer\/adopt-value: peer1 sent accept\(101, X\) but peer2 reported accepted proposal \(105, Y\)/], 'keeping X is wrong');
});

t.test('judgments waiting for the end of the run are bounded; the oldest then gets the benefit of the doubt', async (t) => {
  const model = new RunModel(() => topologyFromHostsfile('peer1:proposer1\npeer2:acceptor1\n'));
  const judged: (boolean | null)[] = [];
  const watches: TwinWatch[] = [];
  for (let i = 0; i <= MAX_DEFERRED; i++) {
    const watch: TwinWatch = { acceptor: 2, proposer: 1, value: 'Y', n: 105, possible: null };
    watches.push(watch);
    model.whenSettled([watch], () => judged.push(watch.possible));
  }
  t.same(judged, [true], 'one over the bound: the oldest is judged now, its reply taken as possibly the later copy');
  model.settle([]);
  t.equal(judged.length, MAX_DEFERRED + 1, 'the rest at the end');
  t.ok(judged.slice(1).every((possible) => possible === false), 'no copy missing at the end: every pairing was certain');
});
