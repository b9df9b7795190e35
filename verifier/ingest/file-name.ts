// Which peer a per-peer file belongs to, from its name. Students name these
// files in many ways (peer3.log, lab4-peer3-1.log, peer5-stdout.log,
// tc2-peer5.log, peer_5.txt), so the peer is looked for as a word of the
// name, not only at its end. A name that names two different peers
// (peer1-vs-peer5.log) names none: guessing would give one peer's lines to
// another.

import { basename, extname } from 'node:path';
import type { Topology } from '../types.js';

const PEER_WORD = /^peer([1-9][0-9]?)$/;
const NUMBER = /^[1-9][0-9]?$/;

/** The peer a file name names, or null when it names none or several. */
export function peerOfFileName(path: string, topology: Topology): number | null {
  const base = basename(path, extname(path));
  const words = base.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== '');
  const named = new Set<number>();
  for (const [i, word] of words.entries()) {
    const host = topology.peers.find((p) => p.host.toLowerCase() === word);
    if (host) named.add(host.id);
    const numbered = PEER_WORD.exec(word)?.[1] ?? (word === 'peer' && NUMBER.test(words[i + 1] ?? '') ? words[i + 1] : undefined);
    if (numbered !== undefined) named.add(Number(numbered));
  }
  if (named.size > 0) return named.size === 1 ? [...named][0]! : null;
  // The name as a whole, as a prefix's container name is read: a host name with other characters in it.
  return topology.peerOfName(base);
}
