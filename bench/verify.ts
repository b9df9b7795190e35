// npm run bench:verify — throughput and memory of the verifier on a long run.
//
// The log: one testcase-2 run in which the two proposers duel for thousands
// of rounds (each preparing a higher number before the other's accept
// lands, slide 26's livelock) until peer5 backs off, peer1's value is chosen
// and peer5 adopts it; Compose v2 prefixes, neighbouring lines of different
// peers swapped at random as Compose interleaves them. It is a correct run:
// the verifier passes it, so every rule runs on every line.
//
// From one run it prints lines/s for the full verifier (a child process,
// with its peak RSS), for a bare readline + JSON.parse loop over the same
// file (prefix cut off, else every line would throw), and for jq when it is
// installed; the verifier's ratio to the bare loop; and the verifier's peak
// memory at two sizes, to show it does not grow with the number of lines.

import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../sim/choices.js';
import { verify } from '../verifier/index.js';

const LINES_PER_ROUND = 48;

/** The duel as merged Compose output, about `targetLines` lines. */
export function duelLog(targetLines: number): string {
  const rounds = Math.max(2, Math.round(targetLines / LINES_PER_ROUND));
  const out: string[] = [];
  const acceptors = [2, 3, 4];
  const accepted = new Map<number, { n: number; value: string | null }>(acceptors.map((a) => [a, { n: 0, value: null }]));
  const emit = (printer: number, peerId: number, action: string, type: string, value: string | null, n: number): void => {
    out.push(`peer${printer}-1  | {"peer_id":${peerId},"action":"${action}","message_type":"${type}","message_value":${value === null ? 'null' : `"${value}"`},"proposal_num":${n}}`);
  };
  const broadcast = (proposer: number, type: string, value: string, n: number): void => {
    for (let i = 0; i < acceptors.length; i++) emit(proposer, proposer, 'sent', type, value, n);
  };
  /** Each acceptor receives the request and answers; `take` says whether it accepts. */
  const answer = (proposer: number, type: 'prepare' | 'accept', value: string, n: number, reply: (a: number) => number, take = false): void => {
    for (const a of acceptors) {
      emit(a, proposer, 'received', type, value, n);
      if (take) accepted.set(a, { n, value });
      const state = accepted.get(a)!;
      emit(a, a, 'sent', `${type}_ack`, state.value, type === 'prepare' ? state.n : reply(a));
    }
  };
  const collect = (proposer: number, type: string, n: (a: number) => number): void => {
    for (const a of acceptors) emit(proposer, a, 'received', `${type}_ack`, accepted.get(a)!.value, n(a));
  };
  // Round 1: peer3 alone accepts (101, X) before peer5's prepare reaches it (the testcase-2 situation).
  broadcast(1, 'prepare', 'X', 101);
  answer(1, 'prepare', 'X', 101, () => 0);
  collect(1, 'prepare', () => 0);
  broadcast(1, 'accept', 'X', 101);
  emit(3, 1, 'received', 'accept', 'X', 101);
  accepted.set(3, { n: 101, value: 'X' });
  emit(3, 3, 'sent', 'accept_ack', 'X', 101);
  broadcast(5, 'prepare', 'Y', 105);
  answer(5, 'prepare', 'Y', 105, () => 0);
  collect(5, 'prepare', (a) => accepted.get(a)!.n);
  for (const a of [2, 4]) {
    emit(a, 1, 'received', 'accept', 'X', 101);
    emit(a, a, 'sent', 'accept_ack', null, 105);
  }
  emit(1, 3, 'received', 'accept_ack', 'X', 101);
  for (const a of [2, 4]) emit(1, a, 'received', 'accept_ack', null, 105);
  broadcast(5, 'accept', 'X', 105);
  // The duel: each proposer prepares higher before the other's accept lands, so every accept is rejected.
  for (let r = 2; r <= rounds; r++) {
    const n1 = r * 100 + 1;
    const n5 = r * 100 + 5;
    const last = r === rounds;
    broadcast(1, 'prepare', 'X', n1);
    answer(1, 'prepare', 'X', n1, () => 0);
    collect(1, 'prepare', (a) => accepted.get(a)!.n);
    answer(5, 'accept', 'X', n5 - 100, () => n1);
    collect(5, 'accept', () => n1);
    if (last) {
      // peer5 backs off: peer1's accept lands, X is chosen, and peer5 then adopts it.
      broadcast(1, 'accept', 'X', n1);
      answer(1, 'accept', 'X', n1, () => n1, true);
      collect(1, 'accept', () => n1);
      emit(1, 1, 'chose', 'chose', 'X', n1);
      broadcast(5, 'prepare', 'Y', n5);
      answer(5, 'prepare', 'Y', n5, () => 0);
      collect(5, 'prepare', () => n1);
      broadcast(5, 'accept', 'X', n5);
      answer(5, 'accept', 'X', n5, () => n5, true);
      collect(5, 'accept', () => n5);
      emit(5, 5, 'chose', 'chose', 'X', n5);
      break;
    }
    broadcast(5, 'prepare', 'Y', n5);
    answer(5, 'prepare', 'Y', n5, () => 0);
    collect(5, 'prepare', (a) => accepted.get(a)!.n);
    broadcast(1, 'accept', 'X', n1);
    answer(1, 'accept', 'X', n1, () => n5);
    collect(1, 'accept', () => n5);
    broadcast(5, 'accept', 'X', n5);
  }
  // Compose interleaves the containers' output: swap neighbours of different peers now and then.
  // Seeded, so every run benchmarks the same log.
  const next = mulberry32(46);
  for (let i = 0; i + 1 < out.length; i++) {
    if (next() < 0.3 && out[i]!.slice(0, 5) !== out[i + 1]!.slice(0, 5)) [out[i], out[i + 1]] = [out[i + 1]!, out[i]!];
  }
  return out.join('\n') + '\n';
}

interface ChildResult {
  lines: number;
  ms: number;
  maxRssMb: number;
  /** Heap still in use once the run is over and garbage collected: what the run kept. */
  retainedMb?: number;
  verdict?: string;
  findings?: number;
}

async function childVerifier(file: string): Promise<ChildResult> {
  const start = performance.now();
  const report = await verify([{ path: file }], { scenario: 'tc2' });
  const ms = performance.now() - start;
  (globalThis as { gc?: () => void }).gc?.();
  return {
    lines: report.stats.lines, ms, maxRssMb: process.resourceUsage().maxRSS / 1024, retainedMb: process.memoryUsage().heapUsed / 2 ** 20,
    verdict: report.verdict, findings: report.findings.length,
  };
}

async function childBare(file: string): Promise<ChildResult> {
  const start = performance.now();
  let lines = 0;
  let objects = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    lines++;
    try {
      if (JSON.parse(line.slice(line.indexOf('| ') + 2)) !== null) objects++;
    } catch {
      // not JSON: counted as a line all the same
    }
  }
  if (objects === 0) throw new Error('no JSON parsed: the bare loop measured nothing');
  return { lines, ms: performance.now() - start, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

function runChild(kind: 'verifier' | 'bare', file: string): ChildResult {
  const self = fileURLToPath(import.meta.url);
  const result = spawnSync(process.execPath, ['--expose-gc', self, '--child', kind, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (result.status !== 0) throw new Error(`${kind} child failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as ChildResult;
}

function runJq(file: string, lines: number): { linesPerSecond: number; maxRssMb: number | null } | null {
  if (spawnSync('jq', ['--version']).status !== 0) return null;
  const timeTool = spawnSync('/usr/bin/time', ['-f', '%M', 'true']).status === 0;
  const args = ['-cR', 'sub("^[^|]*[|] "; "") | fromjson', file];
  const start = performance.now();
  const result = timeTool
    ? spawnSync('/usr/bin/time', ['-f', '%M', 'jq', ...args], { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'ignore', 'pipe'] })
    : spawnSync('jq', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - start;
  if (result.status !== 0) return null;
  const rss = timeTool ? Number(String(result.stderr).trim().split('\n').pop()) / 1024 : null;
  return { linesPerSecond: lines / (ms / 1000), maxRssMb: rss };
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-verify-'));
  try {
    const sizes = [250_000, 1_000_000];
    const files = sizes.map((size) => {
      const file = join(dir, `duel-${size}.log`);
      writeFileSync(file, duelLog(size));
      return file;
    });
    const big = files[1]!;
    console.log('bench:verify — one testcase-2 run: two proposers duel round after round, then X is chosen (Compose v2 prefixes, neighbours swapped)');
    const verifier = runChild('verifier', big);
    const bare = runChild('bare', big);
    const small = runChild('verifier', files[0]!);
    const jq = runJq(big, bare.lines);
    const rate = (r: ChildResult): number => r.lines / (r.ms / 1000);
    console.log(`log: ${fmt(bare.lines)} lines (${fmt(Number(spawnSync('wc', ['-c', big], { encoding: 'utf8' }).stdout.split(' ')[0]) / 1e6)} MB); verifier verdict ${verifier.verdict} with ${verifier.findings} findings`);
    console.log(`verifier (full pipeline, child process): ${fmt(rate(verifier))} lines/s, peak RSS ${verifier.maxRssMb.toFixed(0)} MB`);
    console.log(`bare readline + JSON.parse loop:         ${fmt(rate(bare))} lines/s, peak RSS ${bare.maxRssMb.toFixed(0)} MB`);
    console.log(jq ? `jq -cR 'sub(prefix) | fromjson':          ${fmt(jq.linesPerSecond)} lines/s${jq.maxRssMb !== null ? `, peak RSS ${jq.maxRssMb.toFixed(0)} MB` : ''}` : 'jq: not installed');
    console.log(`ratio verifier / bare loop: ${(rate(verifier) / rate(bare)).toFixed(2)} (goal: at least 0.5)`);
    console.log(`verifier peak RSS: ${small.maxRssMb.toFixed(0)} MB at ${fmt(small.lines)} lines, ${verifier.maxRssMb.toFixed(0)} MB at ${fmt(verifier.lines)} lines`);
    console.log(`verifier heap retained after the run: ${small.retainedMb!.toFixed(1)} MB at ${fmt(small.lines)} lines, ${verifier.retainedMb!.toFixed(1)} MB at ${fmt(verifier.lines)} lines`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
if (process.argv[1] !== fileURLToPath(import.meta.url)) {
  // Imported (for duelLog): nothing to run.
} else if (args[0] === '--child') {
  const result = args[1] === 'verifier' ? await childVerifier(args[2]!) : await childBare(args[2]!);
  process.stdout.write(JSON.stringify(result));
} else {
  await main();
}
