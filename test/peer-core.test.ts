// The pure core, message by message, one test per statement of slide 45.
import t from 'tap';
import { PaxosCore } from '../peer/core/paxos-core.js';
import { MAX_PROPOSAL, MAX_ROUND } from '../peer/core/proposal-number.js';
import { RETRY_MAX_MS } from '../peer/core/proposer.js';
import type { CoreOutput } from '../peer/core/types.js';
import { coreConfigFor, parseHostsfile } from '../peer/hostsfile.js';
import { coreFor, message, sentTo, TC1_HOSTS, TC2_HOSTS } from './peer-helpers.js';

/** A proposer (peer 1 of testcase 1) that has sent prepare 101 to peers 2, 3, 4. */
function preparedProposer(): { core: PaxosCore; out: CoreOutput } {
  const core = coreFor(TC1_HOSTS, 1);
  return { core, out: core.step({ kind: 'propose', value: 'X' }) };
}

/** A proposer of testcase 1 that has sent accept(101, X) after promises from 2 and 3. */
function acceptingProposer(): PaxosCore {
  const { core } = preparedProposer();
  core.step({ kind: 'receive', message: message(2, 'prepare_ack', null, 0) });
  core.step({ kind: 'receive', message: message(3, 'prepare_ack', null, 0) });
  return core;
}

t.test('step 1: a proposer numbers its first proposal round 1 with its id (peer1 101, peer5 105)', async (t) => {
  t.equal(preparedProposer().out.send[0]?.message.proposal_num, 101);
  const peer5 = coreFor(TC2_HOSTS, 5);
  t.equal(peer5.step({ kind: 'propose', value: 'Y' }).send[0]?.message.proposal_num, 105);
});

t.test('step 2: prepare(n, ownValue) goes to each of its acceptors, one sent line each', async (t) => {
  const { out } = preparedProposer();
  t.same(
    out.send.map((send) => send.to),
    [2, 3, 4],
  );
  for (const send of out.send) t.same(send.message, message(1, 'prepare', 'X', 101));
  t.same(out.print, [2, 3, 4].map(() => ({ peer_id: 1, action: 'sent', message_type: 'prepare', message_value: 'X', proposal_num: 101 })));
  t.same(Object.keys(out.print[0]!), ['peer_id', 'action', 'message_type', 'message_value', 'proposal_num']);
  t.equal(out.persist, null, 'a proposer has nothing to persist');
});

t.test('step 2: a proposer talks only to the acceptors of its own K', async (t) => {
  const hosts = parseHostsfile('a:proposer1\nb:acceptor1\nc:acceptor2\nd:acceptor1,acceptor2\ne:proposer2\n');
  const core = new PaxosCore(coreConfigFor(hosts, 5));
  t.same(core.step({ kind: 'propose', value: 'Y' }).send.map((send) => send.to), [3, 4]);
});

t.test('step 3: an acceptor promises only when n > minProposal', async (t) => {
  const acceptor = coreFor(TC2_HOSTS, 3);
  const first = acceptor.step({ kind: 'receive', message: message(5, 'prepare', 'Y', 105) });
  t.same(first.persist, { minProposal: 105, acceptedProposal: 0, acceptedValue: null }, 'promise persisted');
  const lower = acceptor.step({ kind: 'receive', message: message(1, 'prepare', 'X', 101) });
  t.equal(lower.persist, null, 'no new promise for 101 < 105');
  t.equal(acceptor.status().acceptor.minProposal, 105);
  const equal = acceptor.step({ kind: 'receive', message: message(5, 'prepare', 'Y', 105) });
  t.equal(equal.persist, null, 'no new promise for 105 = minProposal');
  const higher = acceptor.step({ kind: 'receive', message: message(1, 'prepare', 'X', 201) });
  t.equal(higher.persist?.minProposal, 201);
});

t.test('step 3: an acceptor returns (acceptedProposal, acceptedValue), (0, null) before any accept', async (t) => {
  const acceptor = coreFor(TC1_HOSTS, 2);
  const out = acceptor.step({ kind: 'receive', message: message(1, 'prepare', 'X', 101) });
  t.same(out.print, [
    { peer_id: 1, action: 'received', message_type: 'prepare', message_value: 'X', proposal_num: 101 },
    { peer_id: 2, action: 'sent', message_type: 'prepare_ack', message_value: null, proposal_num: 0 },
  ]);
  t.same(sentTo(out, 1), [message(2, 'prepare_ack', null, 0)]);
});

t.test('step 3: it answers even a prepare it does not promise (slide 45 returns unconditionally)', async (t) => {
  const acceptor = coreFor(TC2_HOSTS, 2);
  acceptor.step({ kind: 'receive', message: message(5, 'prepare', 'Y', 205) });
  const out = acceptor.step({ kind: 'receive', message: message(1, 'prepare', 'X', 101) });
  t.same(sentTo(out, 1), [message(2, 'prepare_ack', null, 0)]);
});

t.test('step 3 (testcase 2): an acceptor that accepted 101 answers prepare 105 with (101, X)', async (t) => {
  const acceptor = coreFor(TC2_HOSTS, 3);
  acceptor.step({ kind: 'receive', message: message(1, 'prepare', 'X', 101) });
  acceptor.step({ kind: 'receive', message: message(1, 'accept', 'X', 101) });
  const out = acceptor.step({ kind: 'receive', message: message(5, 'prepare', 'Y', 105) });
  t.same(sentTo(out, 5), [message(3, 'prepare_ack', 'X', 101)]);
  t.same(out.persist, { minProposal: 105, acceptedProposal: 101, acceptedValue: 'X' });
});

t.test('step 4: the proposer sends no accept before a majority of its acceptors answered', async (t) => {
  const { core } = preparedProposer();
  const one = core.step({ kind: 'receive', message: message(2, 'prepare_ack', null, 0) });
  t.same(one.send, [], 'one of three is no majority');
  t.equal(core.status().proposer?.phase, 'preparing');
  const two = core.step({ kind: 'receive', message: message(4, 'prepare_ack', null, 0) });
  t.equal(two.send.length, 3, 'two of three is');
});

t.test('step 4: no accepted values returned: the proposer keeps its own value', async (t) => {
  const core = acceptingProposer();
  t.equal(core.status().proposer?.value, 'X');
});

t.test('step 4: it adopts the value of the highest acceptedProposal returned', async (t) => {
  const core = coreFor(TC2_HOSTS, 5);
  core.step({ kind: 'propose', value: 'Y' });
  // A proposer that has seen no higher round yet: 105 beats 101 but not 301's report.
  core.step({ kind: 'receive', message: message(2, 'prepare_ack', 'X', 101) });
  const out = core.step({ kind: 'receive', message: message(3, 'prepare_ack', 'Z', 201) });
  t.same(sentTo(out, 2), [message(5, 'accept', 'Z', 105)], 'Z from 201 beats X from 101');
});

t.test('step 4 (testcase 2): peer5 adopts X from the acceptors that accepted 101', async (t) => {
  const core = coreFor(TC2_HOSTS, 5);
  core.step({ kind: 'propose', value: 'Y' });
  core.step({ kind: 'receive', message: message(2, 'prepare_ack', 'X', 101) });
  const out = core.step({ kind: 'receive', message: message(3, 'prepare_ack', null, 0) });
  for (const to of [2, 3, 4]) t.same(sentTo(out, to), [message(5, 'accept', 'X', 105)]);
});

t.test('step 4: prepare_acks for n after the majority are only printed', async (t) => {
  const core = acceptingProposer();
  const late = core.step({ kind: 'receive', message: message(4, 'prepare_ack', 'Q', 99) });
  t.same(late.send, []);
  t.same(late.warnings, []);
  t.same(late.print, [{ peer_id: 4, action: 'received', message_type: 'prepare_ack', message_value: 'Q', proposal_num: 99 }]);
  t.equal(core.status().proposer?.value, 'X', 'a late report does not change the value');
});

t.test('step 5: accept(n, value) goes to all its acceptors, also one that has not answered the prepare', async (t) => {
  const { core } = preparedProposer();
  core.step({ kind: 'receive', message: message(2, 'prepare_ack', null, 0) });
  const out = core.step({ kind: 'receive', message: message(3, 'prepare_ack', null, 0) });
  t.same(out.send.map((send) => send.to), [2, 3, 4]);
  for (const send of out.send) t.same(send.message, message(1, 'accept', 'X', 101));
});

t.test('step 6: an acceptor accepts when n >= minProposal: acceptedProposal = minProposal = n', async (t) => {
  const acceptor = coreFor(TC1_HOSTS, 2);
  acceptor.step({ kind: 'receive', message: message(1, 'prepare', 'X', 101) });
  const out = acceptor.step({ kind: 'receive', message: message(1, 'accept', 'X', 101) });
  t.same(out.persist, { minProposal: 101, acceptedProposal: 101, acceptedValue: 'X' }, 'n = minProposal accepted');
  t.same(sentTo(out, 1), [message(2, 'accept_ack', 'X', 101)], 'Return(minProposal)');

  const fresh = coreFor(TC1_HOSTS, 3);
  const unprepared = fresh.step({ kind: 'receive', message: message(1, 'accept', 'X', 101) });
  t.same(unprepared.persist, { minProposal: 101, acceptedProposal: 101, acceptedValue: 'X' }, 'n > minProposal accepted');
});

t.test('step 6: an acceptor refuses an accept with n < minProposal and returns its minProposal', async (t) => {
  const acceptor = coreFor(TC2_HOSTS, 4);
  acceptor.step({ kind: 'receive', message: message(1, 'accept', 'X', 101) });
  acceptor.step({ kind: 'receive', message: message(5, 'prepare', 'Y', 105) });
  const out = acceptor.step({ kind: 'receive', message: message(1, 'accept', 'W', 101) });
  t.equal(out.persist, null, 'state unchanged');
  t.same(sentTo(out, 1), [message(4, 'accept_ack', 'X', 105)], 'result 105 > 101 tells the proposer it lost');
  t.same(acceptor.status().acceptor, { minProposal: 105, acceptedProposal: 101, acceptedValue: 'X' });
});

t.test('step 7: a majority of accept_acks and no rejection: the value is chosen, chose printed once', async (t) => {
  const core = acceptingProposer();
  const first = core.step({ kind: 'receive', message: message(3, 'accept_ack', 'X', 101) });
  t.equal(first.chose, null);
  const second = core.step({ kind: 'receive', message: message(2, 'accept_ack', 'X', 101) });
  t.same(second.chose, { value: 'X', proposal: 101 });
  t.same(second.print.at(-1), { peer_id: 1, action: 'chose', message_type: 'chose', message_value: 'X', proposal_num: 101 });
  const third = core.step({ kind: 'receive', message: message(4, 'accept_ack', 'X', 101) });
  t.equal(third.chose, null, 'not chosen twice');
  t.notOk(third.print.some((line) => line.action === 'chose'));
  t.equal(core.status().proposer?.pendingReplies, 1, "peer 4's prepare_ack is still owed");
  core.step({ kind: 'receive', message: message(4, 'prepare_ack', null, 0) });
  t.equal(core.status().proposer?.pendingReplies, 0, 'every reply is in');
});

t.test('step 7: a rejection (result > n) abandons the round and asks for a randomised back-off', async (t) => {
  const core = acceptingProposer();
  const out = core.step({ kind: 'receive', message: message(2, 'accept_ack', 'Y', 305) });
  t.equal(out.chose, null);
  t.same(out.send, []);
  t.equal(out.retryAfter?.round, 4, 'a round above 3, the highest seen in 305');
  t.ok(out.retryAfter!.minMs >= 0 && out.retryAfter!.minMs < out.retryAfter!.maxMs);
  t.ok(out.retryAfter!.maxMs <= RETRY_MAX_MS);
  t.equal(core.status().proposer?.phase, 'backing-off');
  const accepted = core.step({ kind: 'receive', message: message(3, 'accept_ack', 'X', 101) });
  t.equal(accepted.chose, null, 'no decision from a round already rejected');

  const retry = core.step({ kind: 'retry', round: 4 });
  t.same(retry.send.map((send) => send.message), [2, 3, 4].map(() => message(1, 'prepare', 'X', 401)));
});

t.test('step 7: the back-off window grows with each abandoned round, up to RETRY_MAX_MS', async (t) => {
  const core = coreFor(TC1_HOSTS, 1);
  core.step({ kind: 'propose', value: 'X' });
  let round = 1;
  const windows: number[] = [];
  for (let attempt = 0; attempt < 6; attempt++) {
    const n = round * 100 + 1;
    for (const id of [2, 3]) core.step({ kind: 'receive', message: message(id, 'prepare_ack', null, 0) });
    const out = core.step({ kind: 'receive', message: message(2, 'accept_ack', null, n + 100) });
    // Peer 3 and peer 4 still owe replies; drain 3's so the next round starts clean.
    core.step({ kind: 'receive', message: message(3, 'accept_ack', null, n + 100) });
    windows.push(out.retryAfter!.maxMs);
    round = out.retryAfter!.round;
    core.step({ kind: 'retry', round });
  }
  t.same(windows, [100, 200, 400, 800, 1000, 1000]);
});

t.test('step 7: a rejection that arrives after the decision does not undo it', async (t) => {
  const core = acceptingProposer();
  core.step({ kind: 'receive', message: message(2, 'accept_ack', 'X', 101) });
  core.step({ kind: 'receive', message: message(3, 'accept_ack', 'X', 101) });
  const late = core.step({ kind: 'receive', message: message(4, 'accept_ack', 'Y', 205) });
  t.equal(late.retryAfter, null);
  t.equal(core.status().proposer?.phase, 'chosen');
});

t.test('acceptors never print chose', async (t) => {
  const acceptor = coreFor(TC1_HOSTS, 2);
  const outs = [
    acceptor.step({ kind: 'receive', message: message(1, 'prepare', 'X', 101) }),
    acceptor.step({ kind: 'receive', message: message(1, 'accept', 'X', 101) }),
  ];
  t.notOk(outs.some((out) => out.chose !== null || out.print.some((line) => line.action === 'chose')));
});

t.test('stale: a prepare_ack for an abandoned round counts for nothing', async (t) => {
  const { core } = preparedProposer();
  core.step({ kind: 'receive', message: message(2, 'prepare_ack', null, 0) });
  core.step({ kind: 'receive', message: message(3, 'prepare_ack', null, 0) });
  const rejected = core.step({ kind: 'receive', message: message(2, 'accept_ack', 'Z', 202) });
  core.step({ kind: 'retry', round: rejected.retryAfter!.round }); // prepare 301
  // Peer 4's answer to prepare 101 arrives now, then its accept_ack for 101: both stale.
  const stalePrepareAck = core.step({ kind: 'receive', message: message(4, 'prepare_ack', null, 0) });
  t.same(stalePrepareAck.send, []);
  const fresh = core.step({ kind: 'receive', message: message(2, 'prepare_ack', 'Z', 202) });
  t.same(fresh.send, [], 'one answer to 301 is no majority, even after a stale one from another acceptor');
  const second = core.step({ kind: 'receive', message: message(3, 'prepare_ack', 'X', 101) });
  t.same(sentTo(second, 4), [message(1, 'accept', 'Z', 301)], 'adopts Z of 202 over X of 101');
});

t.test('stale: a duplicate or unsolicited reply is ignored with a warning', async (t) => {
  const { core } = preparedProposer();
  core.step({ kind: 'receive', message: message(2, 'prepare_ack', null, 0) });
  const duplicate = core.step({ kind: 'receive', message: message(2, 'prepare_ack', null, 0) });
  t.same(duplicate.send, [], 'the same acceptor twice is not a majority');
  t.match(duplicate.warnings[0], /no request of ours awaits/);
  t.equal(duplicate.print[0]?.action, 'received', 'still printed as received');
  const unsolicited = core.step({ kind: 'receive', message: message(3, 'accept_ack', 'X', 101) });
  t.equal(unsolicited.chose, null);
  t.match(unsolicited.warnings[0], /no request of ours awaits/);
});

t.test('strangers: messages from peers outside the configuration roles are ignored', async (t) => {
  const acceptor = coreFor(TC1_HOSTS, 2);
  const fromNonProposer = acceptor.step({ kind: 'receive', message: message(3, 'prepare', 'Z', 103) });
  t.same(fromNonProposer.send, []);
  t.equal(fromNonProposer.persist, null);
  t.match(fromNonProposer.warnings[0], /not one of its acceptors/);
  const { core } = preparedProposer();
  const fromNonAcceptor = core.step({ kind: 'receive', message: message(5, 'prepare_ack', null, 0) });
  t.match(fromNonAcceptor.warnings[0], /not one of this peer's acceptors/);
});

t.test('step 7: a rejection in the last round leaves nothing to outbid it: no retry, no throw', async (t) => {
  const core = acceptingProposer();
  const out = core.step({ kind: 'receive', message: message(2, 'accept_ack', 'Y', MAX_PROPOSAL) });
  t.equal(out.retryAfter, null);
  t.match(out.warnings, [new RegExp(`no round above ${MAX_ROUND} exists, so no retry`)]);
  t.equal(core.status().proposer?.phase, 'backing-off');
  t.match(core.step({ kind: 'retry', round: MAX_ROUND + 1 }).warnings, [/not waiting/], 'a stray retry is still only a warning');
});

t.test('a reply whose number no proposer can produce is ignored with a warning, never thrown on', async (t) => {
  for (const huge of [MAX_PROPOSAL + 1, Number.MAX_SAFE_INTEGER, 2 ** 60, Infinity]) {
    const core = acceptingProposer();
    let out: CoreOutput | undefined;
    t.doesNotThrow(() => (out = core.step({ kind: 'receive', message: message(2, 'accept_ack', 'Y', huge) })), `accept_ack ${huge}`);
    t.equal(out?.retryAfter, null);
    t.match(out?.warnings, [new RegExp(`ignored accept_ack from peer 2: ${huge} is not a proposal number`)]);
    t.equal(core.status().proposer?.phase, 'accepting', 'the round goes on with the other acceptors');
    t.equal(core.step({ kind: 'receive', message: message(3, 'accept_ack', 'X', 101) }).chose, null);
    t.same(core.step({ kind: 'receive', message: message(4, 'accept_ack', 'X', 101) }).chose, { value: 'X', proposal: 101 });
  }
  const preparing = preparedProposer().core;
  t.doesNotThrow(() => preparing.step({ kind: 'receive', message: message(2, 'prepare_ack', 'Y', Number.MAX_SAFE_INTEGER) }));
  const acceptor = coreFor(TC1_HOSTS, 2);
  const refused = acceptor.step({ kind: 'receive', message: message(1, 'prepare', 'X', MAX_PROPOSAL + 1) });
  t.same(refused.send, [], 'an acceptor does not promise a number outside the encoding');
  t.equal(acceptor.status().acceptor.minProposal, 0);
});

t.test('a retry for a round the core is not waiting for is ignored', async (t) => {
  const core = acceptingProposer();
  const out = core.step({ kind: 'retry', round: 2 });
  t.same(out.send, []);
  t.match(out.warnings[0], /not waiting/);
});

t.test('a lost link abandons the round only when a majority can no longer answer', async (t) => {
  const { core } = preparedProposer();
  const first = core.step({ kind: 'disconnected', peerId: 2 });
  t.equal(first.retryAfter, null, '3 and 4 can still make a majority');
  const second = core.step({ kind: 'disconnected', peerId: 3 });
  t.equal(second.retryAfter?.round, 2);
  t.equal(core.status().proposer?.pendingReplies, 1, 'only peer 4 still owes a reply');
});

t.test('a restarted acceptor keeps its promise (state restored from stable storage)', async (t) => {
  const config = coreConfigFor(parseHostsfile(TC2_HOSTS), 3);
  const acceptor = new PaxosCore(config, { minProposal: 105, acceptedProposal: 101, acceptedValue: 'X' });
  const out = acceptor.step({ kind: 'receive', message: message(1, 'accept', 'W', 101) });
  t.same(sentTo(out, 1), [message(3, 'accept_ack', 'X', 105)]);
  t.throws(() => new PaxosCore(config, { minProposal: 100, acceptedProposal: 101, acceptedValue: 'X' }), /acceptedProposal 101 > minProposal 100/);
  t.throws(() => new PaxosCore(config, { minProposal: 101, acceptedProposal: 101, acceptedValue: null }), /invariant/);
  t.throws(() => new PaxosCore(config, { minProposal: MAX_PROPOSAL + 1, acceptedProposal: 0, acceptedValue: null }),
    /minProposal 9007199254740900 is not an integer from 0 to 9007199254740899/);
});

t.test('a peer that proposes and accepts sends to itself like to any other peer', async (t) => {
  const hosts = parseHostsfile('a:proposer1,acceptor1\nb:acceptor1\nc:acceptor1\n');
  const core = new PaxosCore(coreConfigFor(hosts, 1));
  const out = core.step({ kind: 'propose', value: 'S' });
  t.same(sentTo(out, 1), [message(1, 'prepare', 'S', 101)]);
  const ownPrepare = core.step({ kind: 'receive', message: message(1, 'prepare', 'S', 101) });
  t.same(sentTo(ownPrepare, 1), [message(1, 'prepare_ack', null, 0)]);
  t.equal(ownPrepare.persist?.minProposal, 101);
  core.step({ kind: 'receive', message: message(1, 'prepare_ack', null, 0) });
  const accept = core.step({ kind: 'receive', message: message(2, 'prepare_ack', null, 0) });
  t.same(sentTo(accept, 1), [message(1, 'accept', 'S', 101)]);
});

t.test('propose on a peer without a proposer role is a programming error', async (t) => {
  t.throws(() => coreFor(TC1_HOSTS, 2).step({ kind: 'propose', value: 'X' }), /no proposer role/);
  const { core } = preparedProposer();
  t.match(core.step({ kind: 'propose', value: 'X' }).warnings[0], /already proposing/);
});

t.test('requests without n >= 1 or a value are refused before they reach the acceptor rules', async (t) => {
  const acceptor = coreFor(TC1_HOSTS, 2);
  const out = acceptor.step({ kind: 'receive', message: message(1, 'accept', null, 101) });
  t.same(out.send, []);
  t.equal(acceptor.status().acceptor.acceptedProposal, 0);
});

t.test('an acceptor knows which of its proposers it has heard from', async (t) => {
  const acceptor = coreFor(TC2_HOSTS, 2);
  t.same(acceptor.status().proposersNotHeardFrom, [1, 5]);
  acceptor.step({ kind: 'receive', message: message(1, 'prepare', 'X', 101) });
  t.same(acceptor.status().proposersNotHeardFrom, [5]);
});
