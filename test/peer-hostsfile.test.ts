// The hostsfile parser: what it accepts, and one precise error per kind of mistake.
import t from 'tap';
import { coreConfigFor, findSelf, HostsfileError, MAX_ECHO_CHARS, parseHostsfile, shorten } from '../peer/hostsfile.js';
import { TC1_HOSTS, TC2_HOSTS } from './peer-helpers.js';

t.test('the handed-out hostsfiles', async (t) => {
  const tc1 = parseHostsfile(TC1_HOSTS);
  t.same(tc1.map((peer) => peer.host), ['peer1', 'peer2', 'peer3', 'peer4', 'peer5']);
  t.same(tc1[0], { id: 1, host: 'peer1', roles: { proposerOf: 1, acceptorOf: [], learnerOf: [] } });
  t.same(tc1[4]?.roles, { proposerOf: null, acceptorOf: [], learnerOf: [1] });
  const tc2 = parseHostsfile(TC2_HOSTS);
  t.same(tc2[1]?.roles.acceptorOf, [1, 2]);
  t.equal(tc2[4]?.roles.proposerOf, 2);
});

t.test('tolerated: CRLF, BOM, blank trailing lines, spaces around names and roles, no final newline', async (t) => {
  const table: [label: string, text: string][] = [
    ['CRLF', 'a:proposer1\r\nb:acceptor1\r\n'],
    ['BOM', '\uFEFFa:proposer1\nb:acceptor1\n'],
    ['blank trailing lines', 'a:proposer1\nb:acceptor1\n\n  \n\n'],
    ['spaces', '  a : proposer1 \nb:  acceptor1 ,  \tlearner1\n'],
    ['no final newline', 'a:proposer1\nb:acceptor1'],
  ];
  for (const [label, text] of table) {
    const peers = parseHostsfile(text);
    t.same(peers.map((peer) => [peer.id, peer.host, peer.roles.proposerOf]), [[1, 'a', 1], [2, 'b', null]], label);
  }
  t.same(parseHostsfile('a:\n')[0]?.roles, { proposerOf: null, acceptorOf: [], learnerOf: [] }, 'a peer may hold no role');
});

t.test('each kind of mistake names its line and what was expected', async (t) => {
  const table: [label: string, text: string, line: number | null, expected: RegExp][] = [
    ['empty file', '', null, /hostsfile is empty/],
    ['only blank lines', '\n\n  \n', null, /hostsfile is empty/],
    ['missing colon', 'peer1:proposer1\npeer2 acceptor1\n', 2, /missing ':' in "peer2 acceptor1" \(expected host:role1,role2\)/],
    ['empty hostname', 'peer1:proposer1\n:acceptor1\n', 2, /empty hostname/],
    ['bad hostname', 'peer 1:proposer1\n', 1, /bad hostname "peer 1"/],
    ['unknown role', 'peer1:proposer1\npeer2:leader1\n', 2, /unknown role "leader1" \(expected proposerK, acceptorK or learnerK/],
    ['role in capitals', 'peer1:Proposer1\n', 1, /unknown role "Proposer1"/],
    ['K missing', 'peer1:proposer\n', 1, /bad K in role "proposer" \(expected proposer followed by a positive integer/],
    ['K zero', 'peer1:acceptor0\n', 1, /bad K in role "acceptor0"/],
    ['K not a number', 'peer1:learnerX\n', 1, /bad K in role "learnerX"/],
    ['K with a leading zero', 'peer1:acceptor01\n', 1, /bad K/],
    ['K negative', 'peer1:acceptor-1\n', 1, /bad K/],
    ['empty role', 'peer1:acceptor1,,learner1\n', 1, /empty role/],
    ['duplicate role', 'peer1:acceptor1,acceptor1\n', 1, /role "acceptor1" listed twice/],
    ['two proposer roles', 'peer1:proposer1,proposer2\n', 1, /more than one proposer role/],
    ['duplicate host', 'peer1:proposer1\npeer2:acceptor1\npeer1:acceptor1\n', 3, /duplicate host "peer1" \(already on line 1/],
    ['blank line inside', 'peer1:proposer1\n\npeer3:acceptor1\n', 2, /blank line before the last peer/],
    ['too many peers', Array.from({ length: 100 }, (_, i) => `p${i}:acceptor1`).join('\n'), 100, /too many peers/],
  ];
  for (const [label, text, line, expected] of table) {
    const error = t.throws(() => parseHostsfile(text), HostsfileError, label) as HostsfileError;
    t.equal(error.line, line, `${label}: line`);
    t.match(error.message, expected, `${label}: message`);
    if (line !== null) t.match(error.message, new RegExp(`^line ${line}: `), `${label}: message starts with the line`);
  }
});

t.test('a huge line is echoed cut to 80 characters with an ellipsis, not in full', async (t) => {
  const long = 'x'.repeat(100_000);
  const table: [label: string, text: string, echoed: string][] = [
    ['missing colon', `peer1:proposer1\n${long}\n`, 'missing \':\' in "'],
    ['bad hostname', `peer 1${long}:proposer1\n`, 'bad hostname "'],
    ['unknown role', `peer1:proposer1,${long}\n`, 'unknown role "'],
    ['bad K', `peer1:acceptor${long}\n`, 'bad K in role "'],
    ['duplicate host', `${long}:proposer1\n${long}:acceptor1\n`, 'duplicate host "'],
  ];
  for (const [label, text, echoed] of table) {
    const error = t.throws(() => parseHostsfile(text), HostsfileError, label) as HostsfileError;
    t.ok(error.message.length < 250, `${label}: ${error.message.length} characters`);
    const quoted = error.message.slice(error.message.indexOf(echoed) + echoed.length).split('"')[0]!;
    t.equal([...quoted].length, MAX_ECHO_CHARS + 1, `${label}: 80 characters and an ellipsis`);
    t.ok(quoted.endsWith('…'), label);
  }
  const self = t.throws(() => findSelf(parseHostsfile(`${'a'.repeat(5000)}:proposer1\n`), 'peer1'), HostsfileError) as HostsfileError;
  t.ok(self.message.length < 250, `the hosts it lists are cut too: ${self.message.length} characters`);
  t.equal(shorten('peer2 acceptor1'), 'peer2 acceptor1', 'a short line is echoed whole');
});

t.test('own hostname absent', async (t) => {
  const error = t.throws(() => findSelf(parseHostsfile(TC1_HOSTS), 'peer9'), HostsfileError) as HostsfileError;
  t.equal(error.line, null);
  t.match(error.message, /hostname "peer9" is not in the hostsfile \(it lists peer1, peer2, peer3, peer4, peer5\)/);
  t.equal(findSelf(parseHostsfile(TC1_HOSTS), 'peer3').id, 3);
});

t.test('core configuration: whom a peer proposes to and accepts for', async (t) => {
  const tc2 = parseHostsfile(TC2_HOSTS);
  t.same(coreConfigFor(tc2, 1), { selfId: 1, roles: tc2[0]!.roles, acceptorIds: [2, 3, 4], proposerIdsServed: [] });
  t.same(coreConfigFor(tc2, 5).acceptorIds, [2, 3, 4], 'proposer2 is peer5: K is not the peer id');
  t.same(coreConfigFor(tc2, 3).proposerIdsServed, [1, 5]);
  const tc1 = parseHostsfile(TC1_HOSTS);
  t.same(coreConfigFor(tc1, 5), { selfId: 5, roles: tc1[4]!.roles, acceptorIds: [], proposerIdsServed: [] }, 'a learner has no part');
  const lonely = parseHostsfile('a:proposer3\nb:acceptor1\n');
  const error = t.throws(() => coreConfigFor(lonely, 1), HostsfileError) as HostsfileError;
  t.equal(error.line, 1);
  t.match(error.message, /proposer3 has no acceptors \(no line holds acceptor3\)/);
});
