// Safety of the core under any delivery order: several cores exchange
// messages over FIFO channels, in an order fast-check picks, with back-off
// timers firing whenever it likes and links breaking (messages in flight lost,
// the proposer told). Whatever happens, no two proposers choose different values.
import fc from 'fast-check';
import t from 'tap';
import { PaxosCore } from '../peer/core/paxos-core.js';
import type { CoreOutput, WireMessage } from '../peer/core/types.js';
import { coreConfigFor, parseHostsfile } from '../peer/hostsfile.js';
import { TC2_HOSTS } from './peer-helpers.js';

const THREE_PROPOSERS = 'p1:proposer1\na:acceptor1,acceptor2,acceptor3\nb:acceptor1,acceptor2,acceptor3\nc:acceptor1,acceptor2\nd:acceptor2,acceptor3\np6:proposer2\np7:proposer3,acceptor1,acceptor3\n';

/** One choice in this many breaks a link instead of delivering. */
const LINK_BREAK_ODDS = 40;

interface World {
  cores: Map<number, PaxosCore>;
  /** FIFO channel per "from->to". */
  channels: Map<string, WireMessage[]>;
  retries: { peer: number; round: number }[];
  chosen: { peer: number; value: string; proposal: number }[];
  proposed: Set<string>;
}

function apply(world: World, peer: number, out: CoreOutput): void {
  for (const { to, message } of out.send) {
    const key = `${peer}->${to}`;
    world.channels.set(key, [...(world.channels.get(key) ?? []), message]);
  }
  if (out.retryAfter) world.retries.push({ peer, round: out.retryAfter.round });
  if (out.chose) world.chosen.push({ peer, ...out.chose });
}

function run(hostsText: string, choices: number[]): World {
  const hosts = parseHostsfile(hostsText);
  const world: World = { cores: new Map(), channels: new Map(), retries: [], chosen: [], proposed: new Set() };
  for (const host of hosts) world.cores.set(host.id, new PaxosCore(coreConfigFor(hosts, host.id)));
  const proposers = hosts.filter((host) => host.roles.proposerOf !== null);
  for (const [index, host] of proposers.entries()) {
    const value = 'XYZ'[index]!;
    world.proposed.add(value);
    apply(world, host.id, world.cores.get(host.id)!.step({ kind: 'propose', value }));
  }
  for (const choice of choices) {
    const busy = [...world.channels.entries()].filter(([, queue]) => queue.length > 0);
    const actions = busy.length + world.retries.length;
    if (actions === 0) break;
    const pick = choice % actions;
    if (choice % LINK_BREAK_ODDS === 0) {
      // A link breaks: everything in flight between a proposer and one acceptor is lost.
      const [key] = busy[choice % busy.length] ?? [];
      if (!key) continue; // only back-off timers pending
      const [from, to] = key.split('->').map(Number) as [number, number];
      world.channels.set(`${from}->${to}`, []);
      world.channels.set(`${to}->${from}`, []);
      for (const [proposer, acceptor] of [[from, to], [to, from]] as const) {
        apply(world, proposer, world.cores.get(proposer)!.step({ kind: 'disconnected', peerId: acceptor }));
      }
    } else if (pick < busy.length) {
      const [key, queue] = busy[pick]!;
      const to = Number(key.split('->')[1]);
      const message = queue.shift()!;
      apply(world, to, world.cores.get(to)!.step({ kind: 'receive', message }));
    } else {
      const retry = world.retries.splice(pick - busy.length, 1)[0]!;
      apply(world, retry.peer, world.cores.get(retry.peer)!.step({ kind: 'retry', round: retry.round }));
    }
  }
  return world;
}

for (const [name, hostsText] of [
  ['testcase 2 hostsfile', TC2_HOSTS],
  ['three proposers, overlapping acceptors, one proposer also an acceptor', THREE_PROPOSERS],
] as const) {
  t.test(`agreement and validity under any delivery order: ${name}`, async (t) => {
    let decided = 0;
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 20, maxLength: 400, size: 'max' }), (choices) => {
        const world = run(hostsText, choices);
        const values = new Set(world.chosen.map((chose) => chose.value));
        if (world.chosen.length > 0) decided++;
        return values.size <= 1 && [...values].every((value) => world.proposed.has(value));
      }),
      { numRuns: 400 },
    );
    t.ok(decided > 50, `runs that reached a decision: ${decided} of 400 (the property is not vacuous)`);
  });
}

t.test('with in-order delivery, testcase 2 ends with both proposers choosing X', async (t) => {
  const world = run(TC2_HOSTS, []);
  // Deliver peer 1's whole round first, then peer 5's: the schedule of slide 46.
  const deliverAll = (only: (key: string) => boolean) => {
    for (;;) {
      const next = [...world.channels.entries()].find(([key, queue]) => queue.length > 0 && only(key));
      if (!next) return;
      const to = Number(next[0].split('->')[1]);
      apply(world, to, world.cores.get(to)!.step({ kind: 'receive', message: next[1].shift()! }));
    }
  };
  deliverAll((key) => !key.startsWith('5->'));
  deliverAll(() => true);
  t.same(world.chosen, [
    { peer: 1, value: 'X', proposal: 101 },
    { peer: 5, value: 'X', proposal: 105 },
  ]);
});
