// paxos-peer's command line as a user meets it: real processes, real files.
// Bad input: one line on stderr, exit 2, no stack trace.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { peerCli, repoRoot, runNode } from './peer-helpers.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paxos-peer-cli-'));
t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
const tc1 = path.join(repoRoot, 'compose/testcase1/hostsfile-testcase1.txt');

function hostsfile(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

async function expectUsageError(t: Test, args: string[], expected: RegExp) {
  const { code, stdout, stderr } = await runNode(peerCli, args);
  t.equal(code, 2, `${args.join(' ')}: exit 2`);
  t.equal(stdout, '', 'nothing on stdout');
  t.equal(stderr.split('\n').filter(Boolean).length, 1, `one line: ${stderr.trim()}`);
  t.notMatch(stderr, /\n\s+at /, 'no stack trace');
  t.match(stderr, /^paxos-peer: /);
  t.match(stderr, expected);
}

t.test('each kind of bad hostsfile: exit 2 with the file, line and what was expected', async (t) => {
  const table: [name: string, text: string, expected: RegExp][] = [
    ['missing-colon.txt', 'peer1:proposer1\npeer2 acceptor1\n', /missing-colon\.txt line 2: missing ':'/],
    ['empty-host.txt', 'peer1:proposer1\n :acceptor1\n', /empty-host\.txt line 2: empty hostname/],
    ['unknown-role.txt', 'peer1:proposer1\npeer2:acceptor1\npeer3:leader1\n', /line 3: unknown role "leader1"/],
    ['bad-k.txt', 'peer1:proposerX\n', /line 1: bad K in role "proposerX"/],
    ['duplicate-host.txt', 'peer1:proposer1\npeer1:acceptor1\n', /line 2: duplicate host "peer1"/],
    ['two-proposers.txt', 'peer1:proposer1,proposer2\npeer2:acceptor1\n', /line 1: more than one proposer role/],
    ['empty.txt', '', /empty\.txt: the hostsfile is empty/],
    ['no-acceptors.txt', 'peer1:proposer1\npeer2:acceptor2\n', /line 1: proposer1 has no acceptors/],
  ];
  for (const [name, text, expected] of table) {
    await expectUsageError(t, ['-h', hostsfile(name, text), '-v', 'X', '--hostname', 'peer1'], expected);
  }
  await expectUsageError(t, ['-h', path.join(dir, 'absent.txt'), '--hostname', 'peer1'], /cannot read hostsfile .*absent\.txt: no such file/);
  await expectUsageError(t, ['-h', dir, '--hostname', 'peer1'], /cannot read hostsfile .*: it is a directory/);
});

t.test('own hostname absent from the hostsfile', async (t) => {
  await expectUsageError(t, ['-h', tc1, '--hostname', 'peer9'], /hostname "peer9" is not in the hostsfile/);
});

t.test('bad -v: not exactly one printable character, or missing for a proposer', async (t) => {
  for (const value of ['XY', '', '\t']) {
    await expectUsageError(t, ['-h', tc1, '--hostname', 'peer1', '-v', value], /-v expects exactly one printable character/);
  }
  await expectUsageError(t, ['-h', tc1, '--hostname', 'peer1'], /line 1: peer1 is proposer1 and needs -v VALUE/);
  await expectUsageError(t, ['-h', tc1, '--hostname', 'peer1', '-v'], /option '-v <value>' argument missing/);
});

t.test('bad -t: not a non-negative number of seconds', async (t) => {
  for (const delay of ['abc', '-1', '', '1e3', '10s', 'Infinity']) {
    await expectUsageError(t, ['-h', tc1, '--hostname', 'peer1', '-v', 'X', '-t', delay], /-t expects a non-negative number of seconds/);
  }
});

t.test('bad extras: port, bind, resolve, quiet period, timeouts', async (t) => {
  const base = ['-h', tc1, '--hostname', 'peer2'];
  await expectUsageError(t, [...base, '--port', '0'], /--port expects an integer from 1 to 65535/);
  await expectUsageError(t, [...base, '--port', '70000'], /--port/);
  await expectUsageError(t, [...base, '--bind', 'localhost'], /--bind expects an IP address/);
  await expectUsageError(t, [...base, '--resolve', 'peer1'], /--resolve expects name=address pairs/);
  await expectUsageError(t, [...base, '--resolve', 'peer1=nowhere'], /--resolve/);
  await expectUsageError(t, [...base, '--quiet-ms', '1000'], /--quiet-ms expects an integer from 1001/);
  await expectUsageError(t, [...base, '--connect-timeout', '0'], /--connect-timeout expects a positive number/);
  await expectUsageError(t, [...base, '--deadline', 'soon'], /--deadline/);
});

t.test('unknown options, stray arguments and a missing -h', async (t) => {
  await expectUsageError(t, ['-h', tc1, '--nope'], /unknown option '--nope' \(see --help\)/);
  await expectUsageError(t, ['-h', tc1, 'extra'], /too many arguments/);
  await expectUsageError(t, ['-v', 'X'], /required option '-h <hostsfile>' not specified/);
});

t.test('a bad state file is a configuration error', async (t) => {
  const stateDir = fs.mkdtempSync(path.join(dir, 'state-'));
  fs.writeFileSync(path.join(stateDir, 'acceptor-2.json'), '{"minProposal":100,"acceptedProposal":101,"acceptedValue":"X"}');
  await expectUsageError(t, ['-h', tc1, '--hostname', 'peer2', '--state-dir', stateDir], /acceptor-2\.json is not a valid acceptor state: .*acceptedProposal 101 > minProposal 100/);
});

t.test('--help tells the truth: -h is the hostsfile, every option listed, exit 0', async (t) => {
  const { code, stdout, stderr } = await runNode(peerCli, ['--help']);
  t.equal(code, 0);
  t.equal(stderr, '');
  for (const option of ['-h <hostsfile>', '-v <value>', '-t <delay>', '--port', '--bind', '--hostname', '--resolve', '--state-dir', '--connect-timeout', '--deadline', '--quiet-ms', '--help']) {
    t.ok(stdout.includes(option), `help lists ${option}`);
  }
  t.notMatch(stdout, /-h, --help/, '-h is not help');
  t.match(stdout, /Exit codes: 0 [^]*1 runtime failure[^]*2 bad arguments or hostsfile/);
});

t.test('a peer with no part in the protocol (testcase 1 peer5, learner1) prints nothing and exits 0 at once', async (t) => {
  const started = Date.now();
  const { code, stdout, stderr } = await runNode(peerCli, ['-h', tc1, '--hostname', 'peer5']);
  t.equal(code, 0);
  t.equal(stdout, '');
  t.equal(stderr, '');
  t.ok(Date.now() - started < 3000, `exited after ${Date.now() - started} ms`);
});

t.test('-v given to a peer that does not propose is ignored', async (t) => {
  const { code, stdout } = await runNode(peerCli, ['-h', tc1, '--hostname', 'peer5', '-v', 'Q', '-t', '3']);
  t.equal(code, 0);
  t.equal(stdout, '');
});
