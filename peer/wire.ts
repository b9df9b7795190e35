// The wire format between peers: newline-delimited JSON, each message a
// transcript line without `action`. Everything from the network is checked
// here before it reaches the core.

import type { MessageType, WireMessage } from './core/types.js';
import { isProposalNumber, MAX_PEER_ID, MAX_PROPOSAL } from './core/proposal-number.js';

/** Longest line accepted from a peer; a real message is under 100 bytes. */
export const MAX_LINE_BYTES = 64 * 1024;

const MESSAGE_TYPES: ReadonlySet<string> = new Set<MessageType>(['prepare', 'prepare_ack', 'accept', 'accept_ack']);
const WIRE_KEYS = ['peer_id', 'message_type', 'message_value', 'proposal_num'] as const;

/** One printable character (one code point, no control character), as the schema's message_value. */
export function isOneCharacterValue(value: unknown): value is string {
  return typeof value === 'string' && [...value].length === 1 && !/[\u0000-\u001F\u007F]/.test(value);
}

export function encodeWireMessage(message: WireMessage): string {
  const ordered: WireMessage = {
    peer_id: message.peer_id,
    message_type: message.message_type,
    message_value: message.message_value,
    proposal_num: message.proposal_num,
  };
  return JSON.stringify(ordered) + '\n';
}

/** The message in `line`, or a short reason why it is not one. */
export function decodeWireMessage(line: string): WireMessage | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return { error: 'not JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { error: 'not a JSON object' };
  const record = parsed as Record<string, unknown>;
  const extra = Object.keys(record).filter((key) => !(WIRE_KEYS as readonly string[]).includes(key));
  if (extra.length > 0) return { error: `unexpected key ${JSON.stringify(extra[0])}` };
  const { peer_id, message_type, message_value, proposal_num } = record;
  if (!Number.isInteger(peer_id) || (peer_id as number) < 1 || (peer_id as number) > MAX_PEER_ID) {
    return { error: `peer_id must be an integer from 1 to ${MAX_PEER_ID}` };
  }
  if (typeof message_type !== 'string' || !MESSAGE_TYPES.has(message_type)) {
    return { error: 'message_type must be prepare, prepare_ack, accept or accept_ack' };
  }
  if (!isProposalNumber(proposal_num)) {
    return { error: `proposal_num must be an integer from 0 to ${MAX_PROPOSAL}` };
  }
  const isRequest = message_type === 'prepare' || message_type === 'accept';
  if (isRequest ? !isOneCharacterValue(message_value) : message_value !== null && !isOneCharacterValue(message_value)) {
    return { error: `message_value must be one printable character${isRequest ? '' : ' or null'}` };
  }
  if (isRequest && (proposal_num as number) < 1) return { error: `a ${message_type} needs proposal_num >= 1` };
  return {
    peer_id: peer_id as number,
    message_type: message_type as MessageType,
    message_value: message_value as string | null,
    proposal_num: proposal_num as number,
  };
}

/**
 * Cuts a byte stream into lines; refuses a line longer than MAX_LINE_BYTES
 * before its newline arrives, so a peer cannot make us buffer without end.
 */
export class LineSplitter {
  private partial = '';

  /** The complete lines in `chunk`, or an error once the pending line is too long. */
  push(chunk: string): string[] | { error: string } {
    const pieces = (this.partial + chunk).split('\n');
    this.partial = pieces.pop()!;
    for (const piece of pieces) {
      if (Buffer.byteLength(piece) > MAX_LINE_BYTES) return { error: `line longer than ${MAX_LINE_BYTES} bytes` };
    }
    if (Buffer.byteLength(this.partial) > MAX_LINE_BYTES) {
      return { error: `more than ${MAX_LINE_BYTES} bytes without a newline` };
    }
    return pieces.map((piece) => piece.replace(/\r$/, ''));
  }
}
