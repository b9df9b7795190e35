// The configuration a transcript is judged against, from a hostsfile parsed
// by the peer's own parser (so both read the file the same way).

import { parseHostsfile, type HostEntry } from '../../peer/hostsfile.js';
import type { Topology } from '../types.js';

function rolesOf(entry: HostEntry): string[] {
  const roles: string[] = [];
  if (entry.roles.proposerOf !== null) roles.push(`proposer${entry.roles.proposerOf}`);
  for (const k of entry.roles.acceptorOf) roles.push(`acceptor${k}`);
  for (const k of entry.roles.learnerOf) roles.push(`learner${k}`);
  return roles;
}

/** Throws HostsfileError (with the line) on a malformed file. */
export function topologyFromHostsfile(text: string): Topology {
  return buildTopology(parseHostsfile(text));
}

export function buildTopology(entries: readonly HostEntry[]): Topology {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const idOfHost = new Map(entries.map((e) => [e.host, e.id]));
  const acceptors = new Map<number, number[]>();
  for (const e of entries) {
    const k = e.roles.proposerOf;
    if (k !== null) acceptors.set(e.id, entries.filter((a) => a.roles.acceptorOf.includes(k)).map((a) => a.id));
  }
  const groups = new Map<number, number[]>();
  for (const e of entries) for (const k of e.roles.acceptorOf) groups.set(k, [...(groups.get(k) ?? []), e.id]);
  // Testcase 2 gives proposers 1 and 2 the same acceptors: one set, counted once.
  const acceptorSets = [...new Map([...groups.values()].map((ids) => [ids.join(','), ids])).values()];
  const nameCache = new Map<string, number | null>();
  const resolve = (name: string): number | null => {
    const exact = idOfHost.get(name);
    if (exact !== undefined) return exact;
    // Compose adds a replica index (-1, _1) and a project name in front.
    const base = name.replace(/[-_]\d+$/, '');
    const direct = idOfHost.get(base);
    if (direct !== undefined) return direct;
    for (const [host, id] of idOfHost) {
      if (base.endsWith(`-${host}`) || base.endsWith(`_${host}`)) return id;
    }
    const numbered = /(?:^|[-_])peer([1-9]\d?)$/.exec(base);
    return numbered ? Number(numbered[1]) : null;
  };
  return {
    peers: entries.map((e) => ({ id: e.id, host: e.host, roles: rolesOf(e) })),
    acceptorsOf: (proposerId) => acceptors.get(proposerId) ?? [],
    acceptorSets: () => acceptorSets,
    isProposer: (id) => acceptors.has(id),
    isAcceptor: (id) => (byId.get(id)?.roles.acceptorOf.length ?? 0) > 0,
    isParticipant: (id) => acceptors.has(id) || (byId.get(id)?.roles.acceptorOf.length ?? 0) > 0,
    proposers: () => [...acceptors.keys()],
    peerOfName: (name) => {
      let id = nameCache.get(name);
      if (id === undefined) {
        id = resolve(name);
        nameCache.set(name, id);
      }
      return id;
    },
  };
}

export function hostOf(topology: Topology, id: number): string {
  return topology.peers.find((p) => p.id === id)?.host ?? `peer${id}`;
}
