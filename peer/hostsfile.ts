// The hostsfile of the handout: line N is peer N, `host:role1,role2`, roles
// proposerK, acceptorK, learnerK. Blank lines at the end, CRLF, a BOM and
// spaces around names are tolerated; there are no comments, because every line
// counts as a peer id.

import { MAX_PEER_ID } from './core/proposal-number.js';
import type { CoreConfig, PeerRoles } from './core/types.js';

export interface HostEntry {
  /** Peer id: the 1-based line number. */
  id: number;
  host: string;
  roles: PeerRoles;
}

/** A configuration mistake; `line` is the 1-based hostsfile line when there is one. */
export class HostsfileError extends Error {
  constructor(
    readonly line: number | null,
    readonly problem: string,
  ) {
    super(line === null ? problem : `line ${line}: ${problem}`);
    this.name = 'HostsfileError';
  }
}

/** Longest piece of a hostsfile line echoed in an error: a 100 KB line must not become a 100 KB stderr line. */
export const MAX_ECHO_CHARS = 80;

/** `text` cut to MAX_ECHO_CHARS code points, with an ellipsis when cut. */
export function shorten(text: string): string {
  const chars = [...text];
  return chars.length > MAX_ECHO_CHARS ? chars.slice(0, MAX_ECHO_CHARS).join('') + '…' : text;
}

const HOSTNAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9_])?$/;
const ROLE = /^(proposer|acceptor|learner)(.*)$/;
const POSITIVE_INTEGER = /^[1-9][0-9]{0,8}$/;

export function parseHostsfile(text: string): HostEntry[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  if (lines.length === 0) {
    throw new HostsfileError(null, 'the hostsfile is empty (expected one line per peer, like peer1:proposer1)');
  }
  if (lines.length > MAX_PEER_ID) {
    throw new HostsfileError(MAX_PEER_ID + 1, `too many peers (ids run from 1 to ${MAX_PEER_ID})`);
  }
  const lineOfHost = new Map<string, number>();
  return lines.map((raw, index) => {
    const line = index + 1;
    const entry = parseLine(raw, line);
    const earlier = lineOfHost.get(entry.host);
    if (earlier !== undefined) {
      throw new HostsfileError(line, `duplicate host "${shorten(entry.host)}" (already on line ${earlier}; each host runs one peer)`);
    }
    lineOfHost.set(entry.host, line);
    return entry;
  });
}

function parseLine(raw: string, line: number): HostEntry {
  if (raw.trim() === '') {
    throw new HostsfileError(line, 'blank line before the last peer (line N is peer N, so no gaps)');
  }
  const colon = raw.indexOf(':');
  if (colon < 0) {
    throw new HostsfileError(line, `missing ':' in "${shorten(raw.trim())}" (expected host:role1,role2)`);
  }
  const host = raw.slice(0, colon).trim();
  if (host === '') throw new HostsfileError(line, "empty hostname before ':' (expected host:role1,role2)");
  if (!HOSTNAME.test(host)) {
    throw new HostsfileError(line, `bad hostname "${shorten(host)}" (letters, digits, '.', '-' and '_' only)`);
  }
  const roles: PeerRoles = { proposerOf: null, acceptorOf: [], learnerOf: [] };
  const roleText = raw.slice(colon + 1).trim();
  const seen = new Set<string>();
  for (const item of roleText === '' ? [] : roleText.split(',')) {
    const role = item.trim();
    if (role === '') throw new HostsfileError(line, 'empty role in the list (expected roles separated by single commas)');
    const match = ROLE.exec(role);
    if (!match) {
      throw new HostsfileError(line, `unknown role "${shorten(role)}" (expected proposerK, acceptorK or learnerK, K a positive integer)`);
    }
    const [, kind, kText] = match as unknown as [string, 'proposer' | 'acceptor' | 'learner', string];
    if (!POSITIVE_INTEGER.test(kText)) {
      throw new HostsfileError(line, `bad K in role "${shorten(role)}" (expected ${kind} followed by a positive integer, like ${kind}1)`);
    }
    if (seen.has(role)) throw new HostsfileError(line, `role "${shorten(role)}" listed twice`);
    seen.add(role);
    const k = Number(kText);
    if (kind === 'proposer') {
      if (roles.proposerOf !== null) {
        throw new HostsfileError(line, `more than one proposer role (proposer${roles.proposerOf} and ${shorten(role)}; a peer proposes once)`);
      }
      roles.proposerOf = k;
    } else if (kind === 'acceptor') {
      roles.acceptorOf.push(k);
    } else {
      roles.learnerOf.push(k);
    }
  }
  return { id: line, host, roles };
}

/** The entry whose host is `hostname`; the caller's own hostname must be in the file. */
export function findSelf(peers: readonly HostEntry[], hostname: string): HostEntry {
  const self = peers.find((peer) => peer.host === hostname);
  if (!self) {
    const known = peers.map((peer) => peer.host).join(', ');
    throw new HostsfileError(null, `this peer's hostname "${shorten(hostname)}" is not in the hostsfile (it lists ${shorten(known)})`);
  }
  return self;
}

/** What the core needs: whom this peer proposes to, and whom it accepts for. */
export function coreConfigFor(peers: readonly HostEntry[], selfId: number): CoreConfig {
  const self = peers.find((peer) => peer.id === selfId);
  if (!self) throw new HostsfileError(null, `no peer ${selfId} in the hostsfile`);
  const k = self.roles.proposerOf;
  const acceptorIds = k === null ? [] : peers.filter((peer) => peer.roles.acceptorOf.includes(k)).map((peer) => peer.id);
  if (k !== null && acceptorIds.length === 0) {
    throw new HostsfileError(selfId, `proposer${k} has no acceptors (no line holds acceptor${k})`);
  }
  const proposerIdsServed = peers
    .filter((peer) => peer.roles.proposerOf !== null && self.roles.acceptorOf.includes(peer.roles.proposerOf))
    .map((peer) => peer.id);
  return { selfId, roles: self.roles, acceptorIds, proposerIdsServed };
}
