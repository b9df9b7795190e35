// Only each peer's own order is meaningful: Compose interleaves different
// peers' lines as it likes. Over simulated runs of the reference core
// (reliable and lossy faults; testcase 2's hostsfile and two where a
// proposer is also an acceptor, so it sends replies to itself), several
// random interleavings that keep each peer's order must all get the same
// verdict and the same findings (rule, severity, peer, lines), the lines
// counted in the original log. The same holds for correct acceptors that
// print each request as it arrives and handle it later, in order or
// (across proposers) newest first: their replies, not their received
// lines, are their processing order.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { parseHostsfile } from '../peer/hostsfile.js';
import { emptyOutput } from '../peer/core/paxos-core.js';
import type { CoreInput, CoreOutput } from '../peer/core/types.js';
import { realCore, type CoreFactory } from '../sim/core-like.js';
import { lossyFaults, reliableFaults, type FaultSettings } from '../sim/faults.js';
import { handoutHostsfile } from '../sim/hostsfiles.js';
import { defaultSettings } from '../sim/simulation.js';
import { verify, type Finding } from '../verifier/index.js';
import { log } from '../verifier/rules/examples.js';
import { runSeed } from './sim-helpers.js';

const TOPOLOGIES: Record<string, string> = {
  'testcase 2': handoutHostsfile('tc2').text,
  'proposers are acceptors too': 'peer1:proposer1,acceptor1\npeer2:acceptor1,acceptor2\npeer3:acceptor1,acceptor2\npeer4:acceptor2\npeer5:proposer2,acceptor1,acceptor2\n',
  'one peer proposes and accepts for both': 'peer1:proposer1,acceptor1,acceptor2\npeer2:acceptor1,acceptor2\npeer3:acceptor1,acceptor2\npeer4:proposer2\n',
};
/** Faults, and the latency range: slow links and many lost messages leave many identical replies in flight at once. */
const FAULTS: Record<string, { faults: () => FaultSettings; maxLatencyMs: number }> = {
  reliable: { faults: reliableFaults, maxLatencyMs: 10 },
  lossy: { faults: lossyFaults, maxLatencyMs: 10 },
  'very lossy, slow': { faults: () => ({ ...lossyFaults(), loseRate: 0.2 }), maxLatencyMs: 100 },
};
const SEEDS = 20;
const ACCEPTORS: Record<string, CoreFactory> = {
  'the reference acceptor': realCore,
  'acceptors that print on arrival and handle in order': printsOnArrival(false),
  'acceptors that print on arrival and handle the last proposer heard first': printsOnArrival(true),
};
const SHUFFLES = 4;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** The log's lines in another cross-peer order, each peer's (and Compose's own) order kept; `origin[i]` is the original line number of line i+1. */
function reinterleave(lines: readonly string[], seed: number): { text: string; origin: number[] } {
  const streams = new Map<string, number[]>();
  lines.forEach((line, i) => {
    const key = /^(\S+)\s+\| /.exec(line)?.[1] ?? 'compose';
    streams.set(key, [...(streams.get(key) ?? []), i]);
  });
  const random = mulberry32(seed);
  const queues = [...streams.values()];
  const origin: number[] = [];
  while (origin.length < lines.length) {
    const open = queues.filter((q) => q.length > 0);
    origin.push(open[Math.floor(random() * open.length)]!.shift()! + 1);
  }
  return { text: origin.map((n) => lines[n - 1]).join('\n') + '\n', origin };
}

/** A finding as the property compares it: lines mapped back to the original log. */
function signature(f: Finding, origin: readonly number[] | null): string {
  const back = (line: number | null): number | null => (line === null || origin === null ? line : origin[line - 1]!);
  const others = f.otherLocations.map((l) => back(l.line)).sort((a, b) => a! - b!);
  return `${f.severity} ${f.ruleId} ${f.peer ?? '-'} line ${back(f.line)} x${f.occurrences} [${others.join(',')}]`;
}

/** The timer round a handling acceptor asks for: no proposer round is negative. */
const HANDLE = -1;

/**
 * An acceptor that prints each request the moment it arrives (a reader
 * thread) and handles it a little later, one at a time: the oldest waiting
 * one, or, with `newestFirst`, the oldest of the proposer heard from last
 * (each proposer's requests stay in their order, as one connection keeps
 * them). Both are correct Paxos: each request is handled atomically.
 */
function printsOnArrival(newestFirst: boolean): CoreFactory {
  return (config, restored) => {
    const core = realCore(config, restored);
    if (config.roles.proposerOf !== null) return core;
    const waiting: Extract<CoreInput, { kind: 'receive' }>[] = [];
    const later = (out: CoreOutput): CoreOutput => ({ ...out, retryAfter: waiting.length > 0 ? { round: HANDLE, minMs: 0, maxMs: 3 } : null });
    return {
      status: () => core.status(),
      step(input: CoreInput): CoreOutput {
        if (input.kind === 'receive') {
          waiting.push(input);
          const out = emptyOutput();
          out.print.push({ ...input.message, action: 'received' });
          return waiting.length === 1 ? later(out) : out;
        }
        if (input.kind !== 'retry' || input.round !== HANDLE) return core.step(input);
        if (waiting.length === 0) return emptyOutput();
        const from = newestFirst ? waiting[waiting.length - 1]!.message.peer_id : waiting[0]!.message.peer_id;
        const [next] = waiting.splice(waiting.findIndex((w) => w.message.peer_id === from), 1);
        const out = core.step(next!);
        return later({ ...out, print: out.print.filter((line) => line.action !== 'received') });
      },
    };
  };
}

const dir = mkdtempSync(join(tmpdir(), 'paxos-interleavings-'));

for (const [topology, text] of Object.entries(TOPOLOGIES)) {
  const hostsfile = join(dir, `${topology.replace(/\W+/g, '-')}.txt`);
  writeFileSync(hostsfile, text);
  for (const [acceptors, coreFactory] of Object.entries(ACCEPTORS)) {
    for (const [faults, { faults: make, maxLatencyMs }] of Object.entries(FAULTS)) {
      // With a fifth of messages lost, a slow acceptor's reply to a request the proposer was told is lost can still
      // arrive, and the core then counts it for its next round: a real mistake of that run, which the verifier reports.
      if (coreFactory !== realCore && faults === 'very lossy, slow') continue;
      t.test(`${topology}, ${acceptors}, ${faults} faults: ${SEEDS} runs, each in ${SHUFFLES} other interleavings, judged alike`, async (t) => {
        const settings = {
          ...defaultSettings(parseHostsfile(text)), startJitterMs: 20, faults: make(), latency: { minMs: 1, maxMs: maxLatencyMs }, coreFactory,
        };
        const differing: string[] = [];
        let findings = 0;
        for (let seed = 1; seed <= SEEDS; seed++) {
          const lines = runSeed(settings, seed).log;
          const options = { scenario: 'any-schedule', hostsfile };
          const original = await verify([{ text: lines.join('\n') + '\n' }], options);
          t.equal(original.fatal, null);
          const expected = [original.verdict, ...original.findings.map((f) => signature(f, null)).sort()];
          findings += original.findings.length;
          if (original.verdict !== 'pass') differing.push(`seed ${seed}: the run as printed fails: ${original.findings.filter((f) => f.severity === 'error').map((f) => f.message).join('; ')}`);
          for (let shuffle = 1; shuffle <= SHUFFLES; shuffle++) {
            const { text: merged, origin } = reinterleave(lines, seed * 100 + shuffle);
            const report = await verify([{ text: merged }], options);
            const seen = [report.verdict, ...report.findings.map((f) => signature(f, origin)).sort()];
            if (JSON.stringify(seen) !== JSON.stringify(expected)) {
              differing.push(`seed ${seed}, interleaving ${shuffle}: ${seen.filter((s) => !expected.includes(s)).join('; ')} instead of ${expected.filter((s) => !seen.includes(s)).join('; ')}`);
            }
          }
        }
        t.same(differing, [], 'every interleaving passes, with the same findings');
        if (faults !== 'reliable') t.ok(findings > 0, `lost messages leave sends unreceived (${findings} warnings): the findings compared are not all empty`);
      });
    }
  }
}

t.test('a proposer that is its own acceptor: its identical replies to itself and to the other proposer are not swapped, wherever the other\'s receive is printed', async (t) => {
  const hostsfile = join(dir, 'one-peer-proposes-and-accepts-for-both.txt');
  const peer1 = [
    '1 sent prepare X 101', '1 sent prepare X 101', '1 sent prepare X 101',
    '1 received prepare X 101 from 1', '1 sent prepare_ack - 0', '1 received prepare_ack - 0 from 1',
    '1 received prepare Y 104 from 4', '1 sent prepare_ack - 0',
  ];
  const peer4 = ['4 sent prepare Y 104', '4 sent prepare Y 104', '4 sent prepare Y 104'];
  const receive = '4 received prepare_ack - 0 from 1';
  const findings: string[] = [];
  for (let at = 0; at <= peer1.length; at++) {
    const report = await verify([{ text: log([...peer4, ...peer1.slice(0, at), receive, ...peer1.slice(at)]) }], { scenario: 'any-schedule', hostsfile });
    findings.push(report.findings.filter((f) => f.severity === 'error' && f.category === 'pairing').map((f) => f.ruleId).join(', '));
  }
  t.same(findings, peer1.map(() => '').concat(''), 'no pairing error, wherever peer4\'s receive is printed');
});
