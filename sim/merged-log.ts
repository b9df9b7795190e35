// The transcript as `docker compose up` prints it for the handed-out files
// (container_name peerN): `Attaching to ...`, `peer1  | {json}` lines with
// the real peer's key order, `peer1 exited with code 0` at the end.

import type { TranscriptLine } from '../peer/core/types.js';
import { composePrefix } from '../lab/launcher.js';

export class MergedLog {
  readonly lines: string[] = [];
  /** Simulated ms at which each of `lines` was printed (for tests and debugging; not part of the output). */
  readonly linesAtMs: number[] = [0];
  readonly perPeer = new Map<number, TranscriptLine[]>();
  private readonly prefixes: string[];
  /** Two 32-bit running hashes per peer over its own lines (index = id - 1). */
  private readonly hashes: Uint32Array;

  constructor(private readonly names: readonly string[]) {
    const width = Math.max(...names.map((name) => name.length));
    this.prefixes = names.map((name) => composePrefix(name, width));
    this.hashes = new Uint32Array(names.length * 2);
    for (let i = 0; i < names.length; i++) {
      this.hashes[2 * i] = 0x811c9dc5;
      this.hashes[2 * i + 1] = 0x12345678;
    }
    this.lines.push(`Attaching to ${names.join(', ')}`);
  }

  print(peerId: number, line: TranscriptLine, atMs: number): void {
    // The core builds each line in the real peer's key order, so stringify keeps it.
    const json = JSON.stringify(line);
    this.lines.push(this.prefixes[peerId - 1] + json);
    this.linesAtMs.push(atMs);
    let lines = this.perPeer.get(peerId);
    if (!lines) this.perPeer.set(peerId, (lines = []));
    lines.push(line);
    this.mix(peerId - 1, json);
  }

  exited(peerId: number, code: number, atMs: number): void {
    this.lines.push(`${this.names[peerId - 1]} exited with code ${code}`);
    this.linesAtMs.push(atMs);
  }

  /**
   * Identifies each peer's sequence of lines so far. Two schedules that led
   * every peer to print the same lines in the same order leave every core in
   * the same state with the same messages in flight (cores are deterministic),
   * so what can still happen from there is the same.
   */
  stateKey(): string {
    let key = '';
    for (const h of this.hashes) key += h.toString(36) + '.';
    return key;
  }

  private mix(index: number, text: string): void {
    // FNV-1a and a multiply-xorshift hash side by side: 64 bits per peer.
    let a = this.hashes[2 * index]!;
    let b = this.hashes[2 * index + 1]!;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 13;
    }
    a = Math.imul(a ^ 10, 0x01000193);
    this.hashes[2 * index] = a >>> 0;
    this.hashes[2 * index + 1] = b >>> 0;
  }
}
