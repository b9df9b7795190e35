// Per-peer reassembly of logical lines from physical ones: an object the
// student spread over several lines (the handout's own layout), and a line
// the Docker daemon split into 16 KiB pieces (a piece of exactly 16384 bytes
// that opens a JSON object it does not close continues on that peer's next
// line). Only that peer's own lines are joined,
// so the other peers' lines Compose interleaves in between do not matter.

import { newRecord, type LineRecord } from '../parse/record.js';

export const DOCKER_SPLIT_BYTES = 16384;
const MAX_OBJECT_LINES = 32;
const MAX_OBJECT_CHARS = 1 << 16;

interface Pending {
  mode: 'fragment' | 'object';
  record: LineRecord;
  parts: string[];
  length: number;
  depth: DepthState;
}

interface DepthState {
  depth: number;
  inString: boolean;
  escaped: boolean;
}

function scanDepth(text: string, state: DepthState): void {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (state.inString) {
      if (state.escaped) state.escaped = false;
      else if (c === 92) state.escaped = true;
      else if (c === 34) state.inString = false;
    } else if (c === 34) state.inString = true;
    else if (c === 123 || c === 91) state.depth++;
    else if (c === 125 || c === 93) state.depth--;
  }
}

function isSplitPiece(payload: string): boolean {
  return payload.length >= DOCKER_SPLIT_BYTES / 4 && payload.length <= DOCKER_SPLIT_BYTES && Buffer.byteLength(payload) === DOCKER_SPLIT_BYTES;
}

/**
 * The first piece of a line the daemon split: exactly 16384 bytes, and the
 * start of a JSON object that is not complete by itself. Any other line of
 * that size (debug output, a whole object padded to it) is a line of its own,
 * and the peer's next line is not swallowed into it.
 */
function startsSplitObject(payload: string): boolean {
  if (!isSplitPiece(payload) || !startsObject(payload)) return false;
  try {
    JSON.parse(payload);
    return false;
  } catch {
    return true;
  }
}

function startsObject(payload: string): boolean {
  return payload.trimStart().charCodeAt(0) === 123;
}

/** Open object at the end of this text (not counting an unterminated string). */
function opensObject(payload: string): DepthState | null {
  const t = payload.trimEnd();
  if (t.charCodeAt(t.length - 1) === 125 || !startsObject(t)) return null;
  const state: DepthState = { depth: 0, inString: false, escaped: false };
  scanDepth(t, state);
  return state.depth > 0 && !state.inString ? state : null;
}

export interface AssemblerStats {
  multiLineObjects: number;
  splitLines: number;
}

export class Assembler {
  private readonly pending = new Map<string, Pending>();
  readonly stats: AssemblerStats = { multiLineObjects: 0, splitLines: 0 };

  constructor(private readonly emit: (record: LineRecord) => void) {}

  /** `key` names whose consecutive lines may be joined (a peer, or one unknown source). */
  /** `indent`: where the payload starts in its input line (after the prefix), for columns. */
  push(key: string, file: string, line: number, printer: number | null, payload: string, indent = 0): void {
    const p = this.pending.get(key);
    if (p) {
      if (p.mode === 'fragment') {
        this.append(p, payload, line, false, indent);
        p.record.fragments++;
        if (isSplitPiece(payload)) return;
        this.finish(key, p);
        return;
      }
      if (!startsObject(payload)) {
        this.append(p, payload, line, true, indent);
        scanDepth(payload, p.depth);
        p.depth.inString = false; // a string cannot continue onto the next line
        if (p.depth.depth <= 0 || p.parts.length >= MAX_OBJECT_LINES || p.length >= MAX_OBJECT_CHARS) this.finish(key, p);
        return;
      }
      // A new object starts while the previous one is still open: that one was cut short.
      this.finish(key, p);
    }
    const record = newRecord(file, line, printer, payload, indent);
    if (startsSplitObject(payload)) {
      this.pending.set(key, { mode: 'fragment', record, parts: [payload], length: payload.length, depth: { depth: 0, inString: false, escaped: false } });
      record.fragments = 1;
      return;
    }
    const open = opensObject(payload);
    if (open) {
      record.segments = [{ line, offset: 0, indent }];
      this.pending.set(key, { mode: 'object', record, parts: [payload], length: payload.length, depth: open });
      return;
    }
    this.emit(record);
  }

  /** Emits whatever is still open (end of input). */
  flush(): void {
    for (const [key, p] of this.pending) this.finish(key, p);
  }

  private append(p: Pending, payload: string, line: number, newline: boolean, indent: number): void {
    if (newline) {
      p.length += 1;
      p.record.segments!.push({ line, offset: p.length, indent });
    }
    p.parts.push(payload);
    p.length += payload.length;
  }

  private finish(key: string, p: Pending): void {
    this.pending.delete(key);
    p.record.text = p.parts.join(p.mode === 'object' ? '\n' : '');
    if (p.mode === 'object' && p.parts.length > 1) this.stats.multiLineObjects++;
    if (p.mode === 'fragment') this.stats.splitLines++;
    if (p.mode === 'object' && p.parts.length === 1) p.record.segments = null;
    this.emit(p.record);
  }
}
