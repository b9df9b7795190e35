// The rebuilt run: only each peer's own order counts, so any interleaving of
// the peers' lines gives the same verdict; the run model for diagrams holds
// every event, every matched pair and the findings on each event.

import fc from 'fast-check';
import t from 'tap';
import { analyse, verify } from '../verifier/index.js';
import { TC2_RUN, line, log } from '../verifier/rules/examples.js';

/** Each peer's lines in its own order. */
function perPeer(specs: readonly string[]): string[][] {
  const peers = new Map<string, string[]>();
  for (const spec of specs) {
    const peer = /^\d+/.exec(spec)![0];
    peers.set(peer, [...(peers.get(peer) ?? []), line(spec)]);
  }
  return [...peers.values()];
}

t.test('any interleaving that keeps each peer\'s order passes (merged order is never trusted)', async () => {
  const streams = perPeer(TC2_RUN);
  await fc.assert(
    fc.asyncProperty(fc.array(fc.nat(streams.length - 1), { minLength: TC2_RUN.length, maxLength: TC2_RUN.length }), async (picks) => {
      const cursors = streams.map(() => 0);
      const merged: string[] = [];
      for (const pick of picks) {
        // Take from the picked peer, or the next one that still has lines.
        for (let k = 0; k < streams.length; k++) {
          const s = (pick + k) % streams.length;
          if (cursors[s]! < streams[s]!.length) {
            merged.push(streams[s]![cursors[s]!++]!);
            break;
          }
        }
      }
      const report = await verify([{ text: merged.join('\n') }], { scenario: 'tc2' });
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
