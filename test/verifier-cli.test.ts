// paxos-verify as a user meets it: exit 0/1/2, one line on stderr for
// anything that stops it, stdin, --help that tells the truth.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import t from 'tap';
import schema from '../schemas/report.schema.json' with { type: 'json' };
import { spawnSync } from 'node:child_process';
import { readRepoFile, REPO, runCli } from './verifier-helpers.js';

function spawnLab(args: string[]) {
  return spawnSync(process.execPath, [join(REPO, 'dist/lab/cli.js'), ...args], { encoding: 'utf8' });
}

const GOOD = 'fixtures/golden/local-tc1.log';

t.test('exit 0 passed, 1 failed', async (t) => {
  t.equal((await runCli([GOOD])).code, 0);
  t.equal((await runCli(['fixtures/cases/bad-no-decision/input.log'])).code, 1);
});

t.test('exit 2 with one line for anything that stops it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'verify-cli-'));
  const badHosts = join(dir, 'hosts.txt');
  writeFileSync(badHosts, 'peer1:proposer1\npeer2 acceptor1\n');
  const table: [label: string, args: string[], reason: RegExp][] = [
    ['unknown option', ['--bogus', GOOD], /unknown option '--bogus'/],
    ['-h is not help', ['-h', GOOD], /unknown option '-h'/],
    ['unknown scenario', ['--scenario', 'tc9', GOOD], /argument 'tc9' is invalid/],
    ['unknown format', ['--format', 'xml', GOOD], /argument 'xml' is invalid/],
    ['unknown profile', ['--profile', 'loose', GOOD], /argument 'loose' is invalid/],
    ['bad --max-findings', ['--max-findings', '0', GOOD], /--max-findings needs a whole number/],
    ['missing file', ['no-such.log'], /cannot read no-such\.log: no such file/],
    ['a directory', ['fixtures'], /cannot read fixtures: it is a directory/],
    ['missing hostsfile', ['--hostsfile', 'nope.txt', GOOD], /cannot read hostsfile nope\.txt: no such file/],
    ['malformed hostsfile', ['--hostsfile', badHosts, GOOD], /bad hostsfile .*line 2: missing ':'/],
    ['stdin twice', ['-', '-'], /stdin \(-\) can be given only once/],
  ];
  for (const [label, args, reason] of table) {
    const { code, stderr, stdout } = await runCli(args);
    t.equal(code, 2, `${label}: exit 2`);
    t.match(stderr, reason, label);
    t.equal(stderr.trimEnd().split('\n').length, 1, `${label}: one line`);
    t.notMatch(stderr, /\n\s+at /, `${label}: no stack trace`);
    t.equal(stdout, '', `${label}: nothing on stdout`);
  }
  const json = await runCli(['--format', 'json', 'no-such.log']);
  t.equal(json.code, 2);
  t.equal((JSON.parse(json.stdout) as { fatal: string }).fatal, 'cannot read no-such.log: no such file', 'json still gets a report');
});

t.test('--format json gets a report even when the command line itself is wrong', async (t) => {
  const validate = new Ajv2020({ allErrors: true }).compile(schema);
  const table: [label: string, args: string[], reason: RegExp][] = [
    ['unknown option', ['--bogus', '--format', 'json', GOOD], /^unknown option '--bogus'$/],
    ['unknown scenario', ['--format=json', '--scenario', 'tc9', GOOD], /argument 'tc9' is invalid/],
    ['bad --max-findings', ['--format', 'json', '--max-findings', '0', GOOD], /--max-findings needs a whole number/],
  ];
  for (const [label, args, reason] of table) {
    const { code, stdout, stderr } = await runCli(args);
    t.equal(code, 2, `${label}: exit 2`);
    t.equal(stderr.trimEnd().split('\n').length, 1, `${label}: one line on stderr`);
    const report = JSON.parse(stdout) as { fatal: string; verdict: string };
    t.ok(validate(report), `${label}: the report matches report.schema.json`);
    t.match(report.fatal, reason, `${label}: fatal says why`);
    t.equal(report.verdict, 'fail');
  }
  t.match((await runCli(['--format', 'tap', '--bogus', GOOD])).stdout, /^Bail out! unknown option '--bogus'$/m, 'tap bails out');
  t.equal((await runCli(['--format', 'xml', GOOD])).stdout, '', 'no report when --format itself is wrong');
});

t.test('a reason for exit 2 never carries raw terminal escapes from a file name, a hostsfile or an argument', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'verify-cli-'));
  const hosts = join(dir, 'hosts.txt');
  writeFileSync(hosts, 'peer1:proposer1\npeer2 \u001b[2Jacceptor1\n');
  const table: [label: string, args: string[]][] = [
    ['file name', [join(dir, 'no\u001b[2Jsuch.log')]],
    ['hostsfile line', ['--hostsfile', hosts, GOOD]],
    ['unknown option', ['--bo\u001b[2Jgus', GOOD]],
    ['bad --max-findings', ['--max-findings', '\u001b[2J', GOOD]],
  ];
  for (const [label, args] of table) {
    const { code, stderr } = await runCli(args);
    t.equal(code, 2, `${label}: exit 2`);
    t.notMatch(stderr, /\u001b/, `${label}: no raw ESC`);
    t.match(stderr, /\\u001b\[2J/, `${label}: ESC written as \\u001b`);
  }
});

t.test('stdin, as - or with no file', async (t) => {
  const log = readRepoFile(GOOD);
  for (const args of [[], ['-']]) {
    const { code, stdout } = await runCli(['--scenario', 'tc1', ...args], { stdin: log });
    t.equal(code, 0, `args ${JSON.stringify(args)}`);
    t.match(stdout, /^PASS tc1/m);
  }
});

t.test('no input at all is not verified: exit 2 and one line, in every format, never findings for the student', async (t) => {
  const reason = 'no input: 0 lines read from <stdin>; did the run print anything?';
  const text = await runCli(['--scenario', 'tc1'], { stdin: '' });
  t.equal(text.code, 2);
  t.equal(text.stderr, `paxos-verify: ${reason}\n`);
  t.equal(text.stdout, '');
  const json = await runCli(['--format', 'json'], { stdin: '' });
  t.equal(json.code, 2);
  const report = JSON.parse(json.stdout) as { fatal: string; findings: unknown[] };
  t.equal(report.fatal, reason);
  t.same(report.findings, []);
  t.match((await runCli(['--format', 'tap'], { stdin: '' })).stdout, /^Bail out! no input: 0 lines/m);
  const dir = mkdtempSync(join(tmpdir(), 'verify-cli-'));
  const a = join(dir, 'peer1.log');
  const b = join(dir, 'peer2.log');
  writeFileSync(a, '');
  writeFileSync(b, '');
  const files = await runCli([a, b]);
  t.equal(files.code, 2);
  t.equal(files.stderr, `paxos-verify: no input: 0 lines read from ${a}, ${b}; did the run print anything?\n`);
  const blanks = await runCli(['--format', 'json'], { stdin: '\n  \r\n\t\n' });
  t.equal(blanks.code, 2, 'only blank lines is no input too');
  t.equal((JSON.parse(blanks.stdout) as { fatal: string }).fatal, 'no input: only 3 blank lines read from <stdin>; did the run print anything?');
  const oneEmptyPeer = await runCli(['--scenario', 'tc1', GOOD, a]);
  t.equal(oneEmptyPeer.code, 0, 'one empty input among others is just a peer that printed nothing');
});

t.test('a missing run log names the make target that writes it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'verify-cli-'));
  for (const [file, target] of [['out/tc2.log', 'tc2'], ['out/demo-tc1.log', 'demo']] as const) {
    const path = join(dir, file);
    const r = await runCli([path]);
    t.equal(r.code, 2);
    t.equal(r.stderr, `paxos-verify: cannot read ${path}: no such file (make ${target} writes it)\n`);
  }
});

t.test('auto says in plain words what it decided and why', async (t) => {
  t.match((await runCli(['fixtures/golden/local-tc2.log'])).stdout,
    /^PASS tc2 \(chosen automatically: a prepare sent by peer5 at fixtures\/golden\/local-tc2\.log:\d+\), .*, printed by 5 peers$/m);
  t.match((await runCli([GOOD])).stdout,
    /^PASS tc1 \(chosen automatically: no sign of another scenario \(tc2 would show a prepare sent by peer5\)\), .*, printed by 4 peers$/m);
});

t.test('a run failing under a scenario chosen automatically says how to name another one', async (t) => {
  // What paxos-lab scenario slide46-case3 prints: peer5's Y wins, which tc2 (picked from peer5's prepare) forbids.
  const { stdout: slide46case3 } = spawnLab(['scenario', 'slide46-case3']);
  const auto = await runCli([], { stdin: slide46case3 });
  t.equal(auto.code, 1);
  const lines = auto.stdout.trimEnd().split('\n');
  t.match(lines.at(-2), /^note: scenario tc2 was chosen automatically; if the run is of another scenario, name it with --scenario NAME: tc1, tc2, .*slide46-case3/);
  t.match(lines.at(-1), /^FAIL tc2 \(chosen automatically/);
  const json = JSON.parse((await runCli(['--format', 'json'], { stdin: slide46case3 })).stdout) as { scenario: { autoDetected: boolean } };
  t.equal(json.scenario.autoDetected, true, 'JSON: scenario.autoDetected');
  const named = await runCli(['--scenario', 'slide46-case3'], { stdin: slide46case3 });
  t.equal(named.code, 0, 'named, it passes');
  t.notMatch(named.stdout, /chosen automatically/);
  const failingNamed = await runCli(['--scenario', 'tc2'], { stdin: slide46case3 });
  t.equal(failingNamed.code, 1);
  t.notMatch(failingNamed.stdout, /^note: scenario/m, 'no note when the scenario was given');
  t.notMatch((await runCli([GOOD])).stdout, /^note: scenario/m, 'no note on a pass');
});

t.test('--help tells the truth', async (t) => {
  const { code, stdout } = await runCli(['--help']);
  t.equal(code, 0);
  for (const option of ['--scenario', '--hostsfile', '--profile', '--format', '--max-findings', '--list-rules', 'FILE']) t.match(stdout, option);
  t.match(stdout, /Exit codes: 0 the run passed, 1 it failed, 2 it could not be verified/);
  t.match(stdout, /choices: "tc1", "tc2"/);
  t.match(stdout, /--no-log-prefix/);
  // make tc2 runs `down`, so `docker compose logs` would print nothing: the examples read kept logs or a live `up`.
  t.notMatch(stdout, /logs \| paxos-verify/);
  t.match(stdout, /paxos-verify --scenario tc2 out\/tc2\.log/);
  t.match(stdout, /up 2>&1 \| paxos-verify --scenario tc2/);
});

t.test('--list-rules prints the catalogue', async (t) => {
  const { code, stdout } = await runCli(['--list-rules']);
  t.equal(code, 0);
  t.match(stdout, /^\| Rule \| Category \| Severity \| Runs in \| What it checks \|$/m);
  t.match(stdout, /`acceptor\/accept-below-promise` \| accept-below-promise \| error \| all \|/);
});

t.test('formats: tap and json on the command line', async (t) => {
  const tap = await runCli(['--format', 'tap', GOOD]);
  t.match(tap.stdout, /^TAP version 14\n/);
  t.match(tap.stdout, /^1\.\.\d+$/m);
  const json = await runCli(['--format', 'json', GOOD]);
  t.equal((JSON.parse(json.stdout) as { verdict: string }).verdict, 'pass');
});
