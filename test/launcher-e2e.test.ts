// Testcases 1 and 2 end to end through `paxos-lab run`: five real peer
// processes over real TCP, the merged output read back the way a grader would.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import type { TranscriptLine } from '../peer/core/types.js';
import { freePort, labCli, parseMergedLog, repoRoot, runNode, startNode, waitFor, type MergedLog } from './peer-helpers.js';

const TC1 = path.join(repoRoot, 'compose/testcase1/docker-compose.yml');
const TC2 = path.join(repoRoot, 'compose/testcase2/docker-compose.yml');
const PEERS = ['peer1', 'peer2', 'peer3', 'peer4', 'peer5'];

async function runLab(t: Test, args: string[]) {
  const { code, stdout, stderr } = await runNode(labCli, ['run', ...args]);
  t.equal(code, 0, `paxos-lab run ${args.join(' ')} exits 0`);
  t.equal(stderr, '', 'no diagnostics');
  const log = parseMergedLog(stdout);
  t.equal(log.attaching, PEERS.join(', '), 'Attaching to ... comes first');
  t.same(PEERS.map((name) => log.exitCodes.get(name)), [0, 0, 0, 0, 0], 'every peer exited with code 0');
  t.same([...log.other.values()].flat(), [], 'only transcript lines after the prefixes');
  return { log, stdout };
}

const linesOf = (log: MergedLog, name: string): TranscriptLine[] => log.lines.get(name) ?? [];
const isLine = (line: TranscriptLine, action: string, type: string, from?: number) =>
  line.action === action && line.message_type === type && (from === undefined || line.peer_id === from);

/** Every received line has a matching sent line at the peer that sent it (its peer_id). */
function checkPairing(t: Test, log: MergedLog): void {
  const key = (line: TranscriptLine) => JSON.stringify([line.peer_id, line.message_type, line.message_value, line.proposal_num]);
  for (const name of PEERS) {
    for (const received of linesOf(log, name).filter((line) => line.action === 'received')) {
      const sent = linesOf(log, `peer${received.peer_id}`).filter((line) => line.action === 'sent').map(key);
      t.ok(sent.includes(key(received)), `${name} received ${key(received)}, which peer${received.peer_id} sent`);
    }
  }
}

/** All participants agree on X: every chose and every accept carries X. */
function checkAgreementOnX(t: Test, log: MergedLog): void {
  const all = PEERS.flatMap((name) => linesOf(log, name));
  const decided = all.filter((line) => line.action === 'chose' || line.message_type === 'accept' || line.message_type === 'accept_ack');
  t.ok(decided.length > 0);
  t.same([...new Set(decided.map((line) => line.message_value))], ['X'], 'every accept, accept_ack and chose carries X');
  for (const acceptor of ['peer2', 'peer3', 'peer4']) {
    t.ok(linesOf(log, acceptor).some((line) => isLine(line, 'sent', 'accept_ack') && line.message_value === 'X'), `${acceptor} accepted X`);
  }
}

t.test('testcase 1: peer1 proposes X, acceptors agree, peer5 prints nothing', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paxos-lab-e2e-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const out = path.join(dir, 'tc1.log');
  const { log, stdout } = await runLab(t, [TC1, '--port', String(await freePort()), '--out', out]);
  t.equal(fs.readFileSync(out, 'utf8'), stdout, '--out holds the merged log');
  t.same(linesOf(log, 'peer5'), [], 'peer5 (learner1) printed nothing');
  const peer1 = linesOf(log, 'peer1');
  t.same(peer1.filter((line) => line.action === 'chose'),
    [{ peer_id: 1, action: 'chose', message_type: 'chose', message_value: 'X', proposal_num: 101 }], 'peer1 chose X once');
  t.equal(peer1.filter((line) => isLine(line, 'sent', 'prepare')).length, 3, 'prepare to each of its three acceptors');
  for (const acceptor of ['peer2', 'peer3', 'peer4']) t.equal(linesOf(log, acceptor).length, 4, `${acceptor}: two received, two sent`);
  checkAgreementOnX(t, log);
  checkPairing(t, log);
  t.match(stdout, /^peer1  \| \{"peer_id":1,"action":"sent","message_type":"prepare","message_value":"X","proposal_num":101\}$/m,
    'Compose v2 prefix, compact JSON in the key order of the transcript');
});

/** Testcase 2's expectations, for a run with any -t. */
function checkTestcase2(t: Test, log: MergedLog): void {
  for (const acceptor of ['peer2', 'peer3', 'peer4']) {
    const lines = linesOf(log, acceptor);
    const accepted101 = lines.findIndex((line) => isLine(line, 'sent', 'accept_ack') && line.proposal_num === 101);
    const prepare105 = lines.findIndex((line) => isLine(line, 'received', 'prepare', 5));
    t.ok(accepted101 >= 0 && prepare105 > accepted101, `${acceptor} accepted 101 before peer5's prepare reached it`);
    t.same(lines.slice(prepare105, prepare105 + 2).map((line) => [line.message_type, line.message_value, line.proposal_num]),
      [['prepare', 'Y', 105], ['prepare_ack', 'X', 101]], `${acceptor} answered prepare 105 with (101, X)`);
  }
  const peer5 = linesOf(log, 'peer5');
  t.ok(peer5.some((line) => isLine(line, 'received', 'prepare_ack') && line.message_value === 'X' && line.proposal_num === 101),
    'peer5 learned of X accepted under 101');
  t.same([...new Set(peer5.filter((line) => isLine(line, 'sent', 'accept')).map((line) => line.message_value))], ['X'], 'peer5 adopted X');
  t.same(peer5.filter((line) => line.action === 'chose'),
    [{ peer_id: 5, action: 'chose', message_type: 'chose', message_value: 'X', proposal_num: 105 }], 'peer5 chose X');
  t.same(linesOf(log, 'peer1').filter((line) => line.action === 'chose').map((line) => line.message_value), ['X'], 'peer1 chose X');
  checkAgreementOnX(t, log);
  checkPairing(t, log);
}

t.test('testcase 2, quick: -t replaced by --set-delay 1', async (t) => {
  const { log } = await runLab(t, [TC2, '--port', String(await freePort()), '--set-delay', '1']);
  checkTestcase2(t, log);
});

t.test('testcase 2 as handed out: peer5 waits the real -t 10', async (t) => {
  const started = Date.now();
  const { log } = await runLab(t, [TC2, '--port', String(await freePort())]);
  t.ok(Date.now() - started >= 10_000, `the run took ${Date.now() - started} ms, no less than peer5's delay`);
  checkTestcase2(t, log);
});

const handout = path.join(repoRoot, 'compose/handout/docker-compose-testcase-1.yml');
t.test("the course's handed-out Compose file for testcase 1, as copied into compose/handout", { skip: !fs.existsSync(handout) && 'compose/handout is not in this checkout' }, async (t) => {
  const { log } = await runLab(t, [handout, '--port', String(await freePort())]);
  checkAgreementOnX(t, log);
});

t.test('a peer that fails makes the launcher exit 1, after the others', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paxos-lab-fail-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const compose = path.join(dir, 'compose.yml');
  fs.writeFileSync(compose, fs.readFileSync(TC1, 'utf8').replace('-h hostsfile-testcase1.txt -v X', '-h hostsfile-testcase1.txt -v XY'));
  const { code, stdout, stderr } = await runNode(labCli, ['run', compose, '--port', String(await freePort()), '--', '--deadline', '2']);
  t.equal(code, 1);
  const log = parseMergedLog(stdout);
  t.equal(log.exitCodes.get('peer1'), 2, 'peer1 refused -v XY');
  t.equal(log.exitCodes.get('peer5'), 0);
  t.equal(log.exitCodes.get('peer2'), 1, 'its acceptors gave up at the deadline');
  t.match(stderr, /^peer1  \| paxos-peer: -v expects exactly one printable character, got "XY"$/m, 'peer stderr, prefixed, on stderr');
});

for (const [signal, exitCode] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  t.test(`${signal} stops every peer promptly; the launcher exits ${exitCode}`, async (t) => {
    const lab = startNode(labCli, ['run', TC2, '--port', String(await freePort())]);
    t.teardown(() => lab.child.kill('SIGKILL'));
    await waitFor(() => lab.stdout().includes('peer1 exited with code 0'), 'peer1 to finish');
    const stoppedAt = Date.now();
    lab.child.kill(signal);
    const { code } = await lab.exited;
    t.ok(Date.now() - stoppedAt < 3000, `stopped ${Date.now() - stoppedAt} ms after ${signal}`);
    t.equal(code, exitCode);
    const log = parseMergedLog(lab.stdout());
    t.same(['peer2', 'peer3', 'peer4', 'peer5'].map((name) => log.exitCodes.get(name)), [143, 143, 143, 143]);
  });
}

t.test('--out that fails once peers run (a full disk): the peers are stopped, one line, exit 1', { skip: !fs.existsSync('/dev/full') && 'no /dev/full here' }, async (t) => {
  // Testcase 2 as handed out: peer5 would wait 10 s, so only the launcher can end the run this early.
  const { code, stdout, stderr } = await runNode(labCli, ['run', TC2, '--port', String(await freePort()), '--out', '/dev/full']);
  t.equal(code, 1);
  t.match(stderr, /^paxos-lab: cannot write --out \/dev\/full: no space left on the device; stopping the peers$/m);
  t.equal(stderr.split('\n').filter((line) => line.startsWith('paxos-lab:')).length, 1, 'said once');
  const log = parseMergedLog(stdout);
  t.equal(log.exitCodes.get('peer5'), 143, 'peer5 was stopped, not left running');
  t.equal(log.exitCodes.size, 5, 'every peer is accounted for before the launcher returns');
});
