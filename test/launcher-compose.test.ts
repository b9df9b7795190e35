// What the launcher reads from a Compose file and how it turns each service
// into a peer command line; its own bad-input handling.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { ComposeFileError, parseComposeFile } from '../lab/compose-file.js';
import { composePrefix, loopbackAddress, peerCommand, PEER_CLI, unavailableAddresses } from '../lab/launcher.js';
import { shellWords, ShellWordsError } from '../lab/shell-words.js';
import { labCli, repoRoot, runNode } from './peer-helpers.js';

t.test('shell words: whitespace, quotes, escapes', async (t) => {
  const table: [text: string, words: string[]][] = [
    ['-h hostsfile-testcase1.txt -v X', ['-h', 'hostsfile-testcase1.txt', '-v', 'X']],
    ['  -v   X  ', ['-v', 'X']],
    ["-v 'a b'", ['-v', 'a b']],
    ['-v "a \\"b\\""', ['-v', 'a "b"']],
    ['-v a\\ b', ['-v', 'a b']],
    ["-v ''", ['-v', '']],
    ['-v x"y"z', ['-v', 'xyz']],
    ['', []],
  ];
  for (const [text, words] of table) t.same(shellWords(text), words, JSON.stringify(text));
  t.throws(() => shellWords('-v "X'), ShellWordsError);
  t.throws(() => shellWords("-v 'X"), /unterminated ' quote/);
});

t.test('the repository testcases: services in order, names, hostnames, commands', async (t) => {
  const tc2 = parseComposeFile(fs.readFileSync(path.join(repoRoot, 'compose/testcase2/docker-compose.yml'), 'utf8'));
  t.same(tc2.map((service) => service.logName), ['peer1', 'peer2', 'peer3', 'peer4', 'peer5']);
  t.same(tc2[4], {
    name: 'peer5', logName: 'peer5', hostname: 'peer5', aliases: [],
    args: ['-h', 'hostsfile-testcase2.txt', '-v', 'Y', '-t', '10'],
  });
});

t.test('Compose defaults: log name <service>-1, hostname the service name, list commands', async (t) => {
  const services = parseComposeFile(`
services:
  alpha:
    image: prj4
    command: ["-h", "hosts.txt", "-v", "X", "-t", 2]
  beta:
    hostname: b.local
`);
  t.same(services, [
    { name: 'alpha', logName: 'alpha-1', hostname: 'alpha', aliases: [], args: ['-h', 'hosts.txt', '-v', 'X', '-t', '2'] },
    { name: 'beta', logName: 'beta-1', hostname: 'b.local', aliases: ['beta'], args: [] },
  ]);
});

t.test('what is not a usable Compose file', async (t) => {
  const table: [text: string, expected: RegExp][] = [
    ['services: [a', /not valid YAML/],
    ['version: "3"\n', /no services/],
    ['services: {}\n', /no services/],
    ['services:\n  a: 3\n', /service a: expected a mapping/],
    ['services:\n  a:\n    command: {x: 1}\n', /service a: command must be a string or a list/],
    ['services:\n  a:\n    command: -v "X\n', /service a: command: unterminated/],
    ['services:\n  a:\n    hostname: [x]\n', /service a: hostname must be a string/],
    ['services:\n  a: {}\n  a: {}\n', /not valid YAML/],
  ];
  for (const [text, expected] of table) t.throws(() => parseComposeFile(text), { name: ComposeFileError.name, message: expected }, JSON.stringify(text));
});

t.test('each service becomes a peer on its own loopback address, knowing every name', async (t) => {
  const services = parseComposeFile(fs.readFileSync(path.join(repoRoot, 'compose/testcase2/docker-compose.yml'), 'utf8'));
  const output = () => {};
  const cwd = path.join(repoRoot, 'compose/testcase2');
  const command = peerCommand(services, 4, { cwd, port: 7610, output });
  t.same(command, [
    PEER_CLI, '-h', 'hostsfile-testcase2.txt', '-v', 'Y', '-t', '10',
    '--hostname', 'peer5', '--bind', '127.0.0.5', '--port', '7610',
    '--resolve', 'peer1=127.0.0.1,peer2=127.0.0.2,peer3=127.0.0.3,peer4=127.0.0.4,peer5=127.0.0.5',
  ]);
  const quick = peerCommand(services, 4, { cwd, port: 9000, output, setDelaySeconds: 1, peerArgs: ['--quiet-ms', '1200'] });
  t.same(quick.slice(5, 7), ['-t', '1'], '--set-delay replaces -t');
  t.same(quick.slice(-2), ['--quiet-ms', '1200'], 'extra peer arguments come last');
  t.equal(loopbackAddress(0), '127.0.0.1');
});

t.test('a hostsfile missing beside the Compose file is taken from compose/testcase1 or testcase2', async (t) => {
  const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'paxos-compose-'));
  t.teardown(() => fs.rmSync(elsewhere, { recursive: true, force: true }));
  const services = parseComposeFile('services:\n  peer1:\n    command: -h hostsfile-testcase1.txt -v X\n  peer2:\n    command: -h mine.txt\n');
  const options = { cwd: elsewhere, port: 7610, output: () => {} };
  t.equal(peerCommand(services, 0, options)[2], path.join(repoRoot, 'compose/testcase1/hostsfile-testcase1.txt'));
  t.equal(peerCommand(services, 1, options)[2], 'mine.txt', 'an unknown name is left for the peer to report');
  fs.writeFileSync(path.join(elsewhere, 'hostsfile-testcase1.txt'), 'peer1:proposer1\n');
  t.equal(peerCommand(services, 0, options)[2], 'hostsfile-testcase1.txt', 'a file beside the Compose file wins');
});

t.test('preflight: an address this machine does not answer is named before any peer starts', async (t) => {
  // 192.0.2.1 is TEST-NET-1, documentation only: no machine holds it.
  t.same(await unavailableAddresses(['127.0.0.1', '192.0.2.1', loopbackAddress(1)]), ['192.0.2.1']);
  t.same(await unavailableAddresses([]), []);
});

t.test('Compose v2 prefixes: names padded to the longest plus one, then " | "', async (t) => {
  t.equal(composePrefix('peer1', 5), 'peer1  | ');
  t.equal(composePrefix('a-1', 7), 'a-1      | ');
});

t.test('paxos-lab run: bad input exits 2 with one line', async (t) => {
  const tc1 = path.join(repoRoot, 'compose/testcase1/docker-compose.yml');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paxos-lab-cli-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const bad = path.join(dir, 'bad.yml');
  fs.writeFileSync(bad, 'services: [a\n');
  const table: [args: string[], expected: RegExp][] = [
    [['run', path.join(dir, 'absent.yml')], /^paxos-lab: cannot read Compose file .*absent\.yml: no such file\n$/],
    [['run', bad], /^paxos-lab: .*bad\.yml: not valid YAML: .* at line \d+, column \d+\n$/],
    [['run'], /^paxos-lab run: missing required argument 'compose-file' \(see --help\)\n$/],
    [['run', bad, '--port', 'x'], /--port expects an integer/],
    [['run', bad, '--set-delay', '-2'], /--set-delay expects a non-negative number/],
    [['walk'], /^paxos-lab: unknown command 'walk'/],
    // --out is opened before any peer starts: nothing runs, nothing is left behind.
    [['run', tc1, '--out', dir], /^paxos-lab: cannot write --out .*: it is a directory\n$/],
    [['run', tc1, '--out', '/dev/null/x'], /^paxos-lab: cannot write --out \/dev\/null\/x: a part of the path is not a directory\n$/],
  ];
  for (const [args, expected] of table) {
    const { code, stdout, stderr } = await runNode(labCli, args);
    t.equal(code, 2, args.join(' '));
    t.equal(stdout, '');
    t.equal(stderr.split('\n').filter(Boolean).length, 1, stderr.trim());
    t.match(stderr, expected);
  }
  const help = await runNode(labCli, ['run', '--help']);
  t.equal(help.code, 0);
  for (const option of ['<compose-file>', '--port', '--set-delay', '--out', '--merge-stderr']) t.ok(help.stdout.includes(option), option);
});
