// paxos-peer over real TCP between real processes on loopback addresses:
// garbage on the wire, connections reset by the other end, start-up in any order, unreachable peers, deadlines,
// SIGTERM, and acceptor state that survives a restart.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { describeRemote } from '../peer/transport.js';
import {
  freePort,
  repoRoot,
  startPeer,
  transcript,
  waitFor,
  waitForListening,
  type PeerProcess,
} from './peer-helpers.js';

const tc1 = path.join(repoRoot, 'compose/testcase1/hostsfile-testcase1.txt');
const tc2 = path.join(repoRoot, 'compose/testcase2/hostsfile-testcase2.txt');
const RESOLVE = [1, 2, 3, 4, 5].map((n) => `peer${n}=127.0.0.${n}`).join(',');

function peer(n: number, port: number, hostsfile: string, extra: string[] = []): PeerProcess {
  return startPeer(['-h', hostsfile, '--hostname', `peer${n}`, '--bind', `127.0.0.${n}`, '--port', String(port), '--resolve', RESOLVE, ...extra]);
}

/** Opens a raw TCP connection; resolves with everything received once the peer closes it. */
function rawConnection(host: string, port: number) {
  const socket = net.connect({ host, port });
  let received = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
  const closed = new Promise<string>((resolve) => socket.on('close', () => resolve(received)));
  socket.on('error', () => {});
  const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, connected, closed, received: () => received };
}

t.test('garbage on the wire: one stderr line naming the remote, that connection closed, the run still completes', async (t) => {
  const port = await freePort();
  const acceptors = [2, 3, 4].map((n) => peer(n, port, tc1));
  t.teardown(() => acceptors.forEach((a) => a.child.kill('SIGKILL')));
  await Promise.all([2, 3, 4].map((n) => waitForListening(`127.0.0.${n}`, port)));

  const notJson = rawConnection('127.0.0.2', port);
  await notJson.connected;
  const localPort = notJson.socket.localPort;
  notJson.socket.write('hello, is this the paxos port?\n');
  await notJson.closed;
  const flood = rawConnection('127.0.0.3', port);
  await flood.connected;
  flood.socket.write('x'.repeat(70 * 1024));
  await flood.closed;
  const wrongShape = rawConnection('127.0.0.4', port);
  await wrongShape.connected;
  wrongShape.socket.write('{"peer_id":1,"message_type":"prepare","message_value":"XX","proposal_num":101}\n');
  await wrongShape.closed;

  const proposer = peer(1, port, tc1, ['-v', 'X']);
  const results = await Promise.all([proposer, ...acceptors].map((p) => p.exited));
  t.same(results.map((r) => r.code), [0, 0, 0, 0], 'every peer completes its part');
  // Where chose falls among the proposer's lines depends on when the third
  // acceptor's replies arrive; that it chose X once under 101 does not.
  t.same(transcript(proposer.stdout()).filter((line) => line.action === 'chose'),
    [{ peer_id: 1, action: 'chose', message_type: 'chose', message_value: 'X', proposal_num: 101 }]);

  const [peer2, peer3, peer4] = acceptors.map((a) => a.stderr().split('\n').filter(Boolean));
  t.equal(peer2?.length, 1, 'one line for the non-JSON line');
  t.match(peer2?.[0], new RegExp(`^paxos-peer: closing the connection from 127\\.0\\.0\\.1:${localPort}: not JSON`));
  t.match(peer3, [/more than 65536 bytes without a newline/]);
  t.match(peer4, [/message_value must be one printable character/]);
  for (const acceptor of acceptors) t.equal(transcript(acceptor.stdout()).length, 4, 'garbage never reaches the transcript');
});

t.test('a proposer that resets its connection: one stderr line naming it, the acceptor carries on', async (t) => {
  const port = await freePort();
  // A short deadline, so that a crashed acceptor fails the test quickly rather than stalling it.
  const acceptors = [2, 3, 4].map((n) => peer(n, port, tc2, ['--deadline', '20']));
  t.teardown(() => acceptors.forEach((a) => a.child.kill('SIGKILL')));
  await Promise.all([2, 3, 4].map((n) => waitForListening(`127.0.0.${n}`, port)));
  const prepare = '{"peer_id":1,"message_type":"prepare","message_value":"X","proposal_num":101}\n';
  const [peer2, peer3, peer4] = acceptors as [PeerProcess, PeerProcess, PeerProcess];

  // Posing as peer1 at peer2: a reply arrives, then a TCP reset instead of a close.
  const reset = rawConnection('127.0.0.2', port);
  await reset.connected;
  const resetPort = reset.socket.localPort;
  reset.socket.write(prepare);
  await waitFor(() => reset.received().includes('\n'), 'the prepare_ack');
  reset.socket.resetAndDestroy();

  // Posing as peer1 at peer3, from a process killed while replies sit unread in
  // its socket: the kernel answers with a reset. Its event loop is blocked after
  // the write, so it reads nothing; peer3 has written the first reply by the
  // time it prints the second.
  const killed = spawn(process.execPath, ['-e', `
    const socket = require('node:net').connect({ host: '127.0.0.3', port: ${port} }, () =>
      socket.write(${JSON.stringify(prepare + prepare)}, () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)));`]);
  t.teardown(() => killed.kill('SIGKILL'));
  await waitFor(() => peer3.stdout().split('prepare_ack').length === 3, "peer3's second prepare_ack");
  killed.kill('SIGKILL');

  // peer4 hears from "peer1" over a connection closed the ordinary way.
  const polite = rawConnection('127.0.0.4', port);
  await polite.connected;
  polite.socket.write(prepare);
  await waitFor(() => polite.received().includes('\n'), 'the prepare_ack');
  polite.socket.end();

  // A reset straight after connecting may reach the acceptor before it can ask for the address.
  const early = rawConnection('127.0.0.2', port);
  await early.connected;
  early.socket.resetAndDestroy();

  const proposer = peer(5, port, tc2, ['-v', 'Y']);
  t.teardown(() => proposer.child.kill('SIGKILL'));
  const results = await Promise.all([proposer, ...acceptors].map((p) => p.exited));
  t.same(results.map((r) => r.code), [0, 0, 0, 0], 'every acceptor stayed up and the run completed');
  t.same(transcript(proposer.stdout()).filter((line) => line.action === 'chose'),
    [{ peer_id: 5, action: 'chose', message_type: 'chose', message_value: 'Y', proposal_num: 105 }]);
  t.match(peer2.stderr(), new RegExp(`^paxos-peer: connection from 127\\.0\\.0\\.1:${resetPort} broken: ECONNRESET$`, 'm'));
  t.notMatch(peer2.stderr(), /undefined/, 'an address it could not read is not printed as undefined');
  t.match(peer3.stderr(), /^paxos-peer: connection from 127\.0\.0\.1:\d+ broken: ECONNRESET\n$/);
  t.equal(peer4.stderr(), '', 'an ordinary close is not worth a line');
  t.notMatch(acceptors.map((a) => a.stderr()).join(''), /internal error/);
});

t.test('the remote of a connection whose address could not be read is named as unknown', async (t) => {
  t.equal(describeRemote({ remoteAddress: '127.0.0.1', remotePort: 40000 }), '127.0.0.1:40000');
  t.equal(describeRemote({ remoteAddress: undefined, remotePort: undefined }), 'an unknown address (the client already disconnected)');
});

t.test('start-up order does not matter: the proposer starts before its acceptors listen', async (t) => {
  const port = await freePort();
  const proposer = peer(1, port, tc1, ['-v', 'X', '--verbose']);
  t.teardown(() => proposer.child.kill('SIGKILL'));
  // Acceptors come up only after the proposer has been refused at least once.
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.equal(proposer.stdout(), '', 'no prepare before a majority is reachable');
  const acceptors = [4, 3, 2].map((n) => peer(n, port, tc1));
  t.teardown(() => acceptors.forEach((a) => a.child.kill('SIGKILL')));
  const results = await Promise.all([proposer, ...acceptors].map((p) => p.exited));
  t.same(results.map((r) => r.code), [0, 0, 0, 0]);
  t.ok(transcript(proposer.stdout()).some((line) => line.action === 'chose' && line.message_value === 'X'));
});

t.test('no majority of acceptors reachable before --connect-timeout: one clear line, exit 1', async (t) => {
  const port = await freePort();
  const started = Date.now();
  const proposer = peer(1, port, tc1, ['-v', 'X', '--connect-timeout', '1']);
  const { code } = await proposer.exited;
  const elapsed = Date.now() - started;
  t.equal(code, 1);
  t.equal(proposer.stdout(), '');
  const lines = proposer.stderr().split('\n').filter(Boolean);
  t.match(lines.at(-1), /^paxos-peer: could not reach peer \d \(127\.0\.0\.\d:\d+\) within 1 s \(ECONNREFUSED\): no majority of acceptors left$/);
  t.notMatch(proposer.stderr(), /\n\s+at /);
  t.ok(elapsed < 5000, `gave up after ${elapsed} ms`);
});

t.test('an acceptor that never comes up: the proposer chooses with the majority, gives up on it, exits 0', async (t) => {
  const port = await freePort();
  const peers = [peer(1, port, tc1, ['-v', 'X', '--connect-timeout', '1']), peer(2, port, tc1), peer(3, port, tc1)];
  t.teardown(() => peers.forEach((p) => p.child.kill('SIGKILL')));
  const results = await Promise.all(peers.map((p) => p.exited));
  t.same(results.map((r) => r.code), [0, 0, 0]);
  t.ok(transcript(peers[0]!.stdout()).some((line) => line.action === 'chose' && line.message_value === 'X'));
  t.match(peers[0]!.stderr(), /^paxos-peer: gave up on peer 4 \(127\.0\.0\.4:\d+\) after 1 s \(ECONNREFUSED\)\n$/);
});

t.test('a name that does not resolve is retried, then reported', async (t) => {
  const port = await freePort();
  const proposer = startPeer(['-h', tc1, '--hostname', 'peer1', '-v', 'X', '--port', String(port), '--connect-timeout', '1',
    '--resolve', 'peer1=127.0.0.1']);
  t.equal((await proposer.exited).code, 1);
  t.match(proposer.stderr(), /could not reach peer \d \(peer\d:\d+\) within 1 s \((ENOTFOUND|EAI_AGAIN)\)/);
});

t.test('an acceptor never contacted by its proposer gives up at --deadline with exit 1', async (t) => {
  const port = await freePort();
  const acceptor = peer(2, port, tc1, ['--deadline', '1']);
  t.equal((await acceptor.exited).code, 1);
  t.match(acceptor.stderr(), /^paxos-peer: never heard from proposer peer\(s\) 1 within --deadline 1 s\n$/);
});

t.test('testcase 2 timing: acceptors stay up through the proposer-2 delay', async (t) => {
  const port = await freePort();
  const peers = [
    peer(1, port, tc2, ['-v', 'X']),
    ...[2, 3, 4].map((n) => peer(n, port, tc2)),
    peer(5, port, tc2, ['-v', 'Y', '-t', '3']),
  ];
  t.teardown(() => peers.forEach((p) => p.child.kill('SIGKILL')));
  const results = await Promise.all(peers.map((p) => p.exited));
  t.same(results.map((r) => r.code), [0, 0, 0, 0, 0]);
  for (const acceptor of peers.slice(1, 4)) {
    const lines = transcript(acceptor.stdout());
    t.equal(lines.length, 8, 'four lines for each proposer');
    t.same(lines.at(-1), { peer_id: Number(lines.at(-1)!.peer_id), action: 'sent', message_type: 'accept_ack', message_value: 'X', proposal_num: 105 });
  }
  t.same(transcript(peers[4]!.stdout()).find((line) => line.action === 'chose'),
    { peer_id: 5, action: 'chose', message_type: 'chose', message_value: 'X', proposal_num: 105 });
});

t.test('a proposer whose -t outlasts the acceptors\' --deadline: they wait on while its connection is open', async (t) => {
  const port = await freePort();
  // peer5 connects at once and prepares after 5 s; without the open connection the acceptors would leave at 3 s.
  const peers = [
    peer(1, port, tc2, ['-v', 'X']),
    ...[2, 3, 4].map((n) => peer(n, port, tc2, ['--deadline', '3'])),
    peer(5, port, tc2, ['-v', 'Y', '-t', '5']),
  ];
  t.teardown(() => peers.forEach((p) => p.child.kill('SIGKILL')));
  const results = await Promise.all(peers.map((p) => p.exited));
  t.same(results.map((r) => r.code), [0, 0, 0, 0, 0], 'every peer completes its part');
  t.same(transcript(peers[4]!.stdout()).find((line) => line.action === 'chose'),
    { peer_id: 5, action: 'chose', message_type: 'chose', message_value: 'X', proposal_num: 105 });
  for (const acceptor of peers.slice(1, 4)) t.equal(acceptor.stderr(), '', 'no diagnostics');
});

t.test('past --deadline, an acceptor gives up once the silent connection it waited on closes', async (t) => {
  const port = await freePort();
  const acceptor = peer(2, port, tc2, ['--deadline', '1', '--verbose']);
  t.teardown(() => acceptor.child.kill('SIGKILL'));
  await waitForListening('127.0.0.2', port);
  const silent = rawConnection('127.0.0.2', port);
  await silent.connected;
  await waitFor(() => acceptor.stderr().includes('--deadline passed; waiting on'), 'the acceptor to wait past its deadline');
  t.equal(acceptor.child.exitCode, null, 'still running while the connection is open');
  silent.socket.end();
  t.equal((await acceptor.exited).code, 1);
  t.match(acceptor.stderr(), /paxos-peer: never heard from proposer peer\(s\) 1, 5 within --deadline 1 s\n$/);
});

t.test('SIGTERM: a waiting proposer and an idle acceptor exit promptly with stdout flushed', async (t) => {
  const port = await freePort();
  const peers = [peer(1, port, tc2, ['-v', 'X']), ...[2, 3, 4].map((n) => peer(n, port, tc2)), peer(5, port, tc2, ['-v', 'Y', '-t', '60'])];
  t.teardown(() => peers.forEach((p) => p.child.kill('SIGKILL')));
  const [peer1, peer2, , , peer5] = peers as [PeerProcess, PeerProcess, PeerProcess, PeerProcess, PeerProcess];
  t.equal((await peer1.exited).code, 0, 'peer1 chose and left');
  // peer2 has printed its part of peer1's round and now waits for peer5.
  await waitFor(() => peer2.stdout().split('\n').length > 4, "peer2's four lines");
  const stoppedAt = Date.now();
  for (const p of [peer2, peer5]) p.child.kill('SIGTERM');
  const [exit2, exit5] = await Promise.all([peer2.exited, peer5.exited]);
  t.ok(Date.now() - stoppedAt < 2000, `both exited ${Date.now() - stoppedAt} ms after SIGTERM`);
  t.equal(exit2.code, 143);
  t.equal(exit5.code, 143);
  t.equal(transcript(peer2.stdout()).length, 4, "every line of peer2's is there");
  t.equal(peer5.stdout(), '', 'peer5 never prepared');
  for (const p of peers.slice(2, 4)) p.child.kill('SIGTERM');
});

t.test('--state-dir: a restarted acceptor keeps its promise', async (t) => {
  const port = await freePort();
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paxos-state-'));
  t.teardown(() => fs.rmSync(stateDir, { recursive: true, force: true }));
  const stateArgs = ['--state-dir', stateDir];

  const first = peer(3, port, tc2, stateArgs);
  t.teardown(() => first.child.kill('SIGKILL'));
  await waitForListening('127.0.0.3', port);
  const asPeer5 = rawConnection('127.0.0.3', port);
  await asPeer5.connected;
  asPeer5.socket.write('{"peer_id":5,"message_type":"prepare","message_value":"Y","proposal_num":105}\n');
  await waitFor(() => asPeer5.received().includes('\n'), 'the prepare_ack');
  t.equal(asPeer5.received(), '{"peer_id":3,"message_type":"prepare_ack","message_value":null,"proposal_num":0}\n');
  t.same(JSON.parse(fs.readFileSync(path.join(stateDir, 'acceptor-3.json'), 'utf8')),
    { minProposal: 105, acceptedProposal: 0, acceptedValue: null });
  t.same(fs.readdirSync(stateDir), ['acceptor-3.json'], 'no temp file left behind');
  first.child.kill('SIGTERM');
  await first.exited;
  asPeer5.socket.destroy();

  const second = peer(3, port, tc2, stateArgs);
  t.teardown(() => second.child.kill('SIGKILL'));
  await waitForListening('127.0.0.3', port);
  const asPeer1 = rawConnection('127.0.0.3', port);
  await asPeer1.connected;
  asPeer1.socket.write('{"peer_id":1,"message_type":"accept","message_value":"X","proposal_num":101}\n');
  await waitFor(() => asPeer1.received().includes('\n'), 'the accept_ack');
  t.equal(asPeer1.received(), '{"peer_id":3,"message_type":"accept_ack","message_value":null,"proposal_num":105}\n',
    'accept 101 refused: the promise to 105 survived the restart');
  asPeer1.socket.destroy();
  second.child.kill('SIGTERM');
  await second.exited;
});
