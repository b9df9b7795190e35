// paxos-verify as a user meets it: exit 0/1/2, one line on stderr for
// anything that stops it, stdin, --help that tells the truth.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import t from 'tap';
import schema from '../schemas/report.schema.json' with { type: 'json' };
import { readRepoFile, runCli } from './verifier-helpers.js';

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
  const empty = await runCli(['--scenario', 'tc1'], { stdin: '' });
  t.equal(empty.code, 1, 'an empty transcript fails');
  t.match(empty.stdout, /no value was chosen/);
});

t.test('auto says what it decided and why', async (t) => {
  t.match((await runCli(['fixtures/golden/local-tc2.log'])).stdout, /PASS tc2 \(auto: peer5 sent a prepare \(fixtures\/golden\/local-tc2\.log:\d+\)\)/);
  t.match((await runCli([GOOD])).stdout, /PASS tc1 \(auto: no sign of another scenario/);
});

t.test('--help tells the truth', async (t) => {
  const { code, stdout } = await runCli(['--help']);
  t.equal(code, 0);
  for (const option of ['--scenario', '--hostsfile', '--profile', '--format', '--max-findings', '--list-rules', 'FILE']) t.match(stdout, option);
  t.match(stdout, /Exit codes: 0 the run passed, 1 it failed, 2 it could not be verified/);
  t.match(stdout, /choices: "tc1", "tc2"/);
  t.match(stdout, /--no-log-prefix/);
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
