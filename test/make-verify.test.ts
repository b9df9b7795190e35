// `make verify` (scripts/verify-runs.sh): verifies whichever Docker run logs
// exist, so `make tc1 && make verify` works without a testcase 2 log.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { repoRoot } from './peer-helpers.js';

const script = path.join(repoRoot, 'scripts/verify-runs.sh');
const golden = (name: string) => path.join(repoRoot, 'fixtures/golden', name);

/** Runs the script on a fresh folder holding `logs` (name -> fixture to copy). */
function verifyRuns(t: Test, logs: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paxos-verify-runs-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [name, fixture] of Object.entries(logs)) fs.copyFileSync(golden(fixture), path.join(dir, name));
  const result = spawnSync(script, [dir], { encoding: 'utf8', env: { ...process.env, NODE: process.execPath } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, dir };
}

t.test('only tc1.log: testcase 1 verified, testcase 2 named as not verified, exit 0', async (t) => {
  const { code, stdout, dir } = verifyRuns(t, { 'tc1.log': 'local-tc1.log' });
  t.equal(code, 0);
  t.match(stdout, /^PASS tc1 /m);
  t.match(stdout, new RegExp(`^verify: ${dir}/tc2\\.log is missing \\(make tc2 writes it\\): testcase 2 NOT verified$`, 'm'));
  t.notMatch(stdout, /tc2 \(given with --scenario\)/, 'the verifier was not run on a missing file');
});

t.test('only tc2.log: the same the other way round', async (t) => {
  const { code, stdout } = verifyRuns(t, { 'tc2.log': 'local-tc2.log' });
  t.equal(code, 0);
  t.match(stdout, /^PASS tc2 /m);
  t.match(stdout, /tc1\.log is missing \(make tc1 writes it\): testcase 1 NOT verified$/m);
});

t.test('both logs: both verified; a failing one fails the target', async (t) => {
  const both = verifyRuns(t, { 'tc1.log': 'local-tc1.log', 'tc2.log': 'local-tc2.log' });
  t.equal(both.code, 0);
  t.match(both.stdout, /^PASS tc1 [^]*^PASS tc2 /m);
  t.notMatch(both.stdout, /missing/);
  const wrong = verifyRuns(t, { 'tc1.log': 'local-tc1.log', 'tc2.log': 'local-tc1.log' });
  t.equal(wrong.code, 1, 'a testcase 1 run is not a testcase 2 run');
  t.match(wrong.stdout, /^FAIL tc2 /m);
});

t.test('neither log: one line on stderr, exit 2', async (t) => {
  const { code, stdout, stderr, dir } = verifyRuns(t, {});
  t.equal(code, 2);
  t.equal(stdout, '');
  t.equal(stderr, `verify: neither ${dir}/tc1.log nor ${dir}/tc2.log exists: run make tc1 or make tc2 first\n`);
});

const hasMake = spawnSync('make', ['--version']).status === 0;
t.test('make verify runs the script; make verify-tc1 and verify-tc2 check one log each', { skip: !hasMake && 'make is not installed' }, async (t) => {
  const dryRun = (target: string) => spawnSync('make', ['-n', '-C', repoRoot, target, 'NODE=node'], { encoding: 'utf8' }).stdout;
  t.match(dryRun('verify'), /^NODE=node scripts\/verify-runs\.sh out$/m);
  t.match(dryRun('verify-tc1'), /^node dist\/verifier\/cli\.js --scenario tc1 out\/tc1\.log$/m);
  t.match(dryRun('verify-tc2'), /^node dist\/verifier\/cli\.js --scenario tc2 out\/tc2\.log$/m);
});
