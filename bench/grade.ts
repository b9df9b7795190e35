// npm run bench:grade: builds a class of 300 submissions from the example
// class's logs (varied: each submission takes its tc1 and tc2 from different
// students, some with extra noise lines or CRLF endings), then times, from
// the same run, `paxos-verify grade` (one process, worker threads) against
// 300 separate `paxos-verify` invocations per testcase log, and prints the
// ratio. Per-submission files are off in both, so both measure verifying.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const SUBMISSIONS = Number(process.env['BENCH_SUBMISSIONS'] ?? 300);
const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = path.join(root, 'dist', 'verifier', 'cli.js');
const example = path.join(root, 'fixtures', 'class-example');

/** The example class's single-file logs, by testcase. */
function sourceLogs(): Record<'tc1' | 'tc2', string[]> {
  const logs: Record<'tc1' | 'tc2', string[]> = { tc1: [], tc2: [] };
  for (const student of readdirSync(example, { withFileTypes: true })) {
    if (!student.isDirectory()) continue;
    for (const file of readdirSync(path.join(example, student.name), { withFileTypes: true })) {
      if (!file.isFile()) continue;
      const tc = /(?:tc|testcase|test|part)[-_]?([12])/i.exec(file.name)?.[1];
      if (tc && !/\.(json|xml|html)$/.test(file.name)) logs[`tc${tc}` as 'tc1' | 'tc2'].push(readFileSync(path.join(example, student.name, file.name), 'utf8'));
    }
  }
  return logs;
}

function vary(text: string, i: number): string {
  if (i % 3 === 1) return text.replace(/\n/g, '\r\n');
  if (i % 3 === 2) return `peer1  | starting peer ${i}\n${text}peer2  | debug: done\n`;
  return text;
}

function makeClass(dir: string): string[][] {
  const logs = sourceLogs();
  const invocations: string[][] = [];
  for (let i = 0; i < SUBMISSIONS; i++) {
    const sub = path.join(dir, `student-${String(i).padStart(3, '0')}`);
    mkdirSync(sub);
    const tc1 = path.join(sub, 'tc1.log');
    const tc2 = path.join(sub, 'tc2.log');
    writeFileSync(tc1, vary(logs.tc1[i % logs.tc1.length]!, i));
    writeFileSync(tc2, vary(logs.tc2[(i * 7) % logs.tc2.length]!, i));
    invocations.push(['--scenario', 'tc1', '--format', 'json', tc1], ['--scenario', 'tc2', '--format', 'json', tc2]);
  }
  return invocations;
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const started = performance.now();
  const value = fn();
  return { ms: performance.now() - started, value };
}

const dir = mkdtempSync(path.join(tmpdir(), 'paxos-bench-grade-'));
try {
  const invocations = makeClass(dir);
  const cores = availableParallelism();
  console.log(`class: ${SUBMISSIONS} submissions (${invocations.length} logs) in a temp dir; ${cores} cores`);

  const runs: { label: string; ms: number }[] = [];
  for (const jobs of [1, cores]) {
    const graded = time(() => spawnSync(process.execPath, [cli, 'grade', dir, '--no-files', '--no-progress', '--jobs', String(jobs), '--csv', path.join(dir, `grades-${jobs}.csv`)], { encoding: 'utf8' }));
    if (graded.value.status !== 0 && graded.value.status !== 1) throw new Error(`grade failed: ${graded.value.stderr}`);
    runs.push({ label: `paxos-verify grade --jobs ${jobs}`, ms: graded.ms });
  }

  const separate = time(() => {
    for (const args of invocations) {
      const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
      if (r.status !== 0 && r.status !== 1) throw new Error(`paxos-verify ${args.join(' ')}: ${r.stderr}`);
    }
  });

  const best = Math.min(...runs.map((r) => r.ms));
  for (const r of runs) console.log(`${r.label.padEnd(34)} ${(r.ms / 1000).toFixed(2)} s  (${(r.ms / SUBMISSIONS).toFixed(1)} ms per submission)`);
  console.log(`${`${invocations.length} separate paxos-verify runs`.padEnd(34)} ${(separate.ms / 1000).toFixed(2)} s  (${(separate.ms / SUBMISSIONS).toFixed(1)} ms per submission)`);
  console.log(`ratio separate / grade (best): ${(separate.ms / best).toFixed(1)}x`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
