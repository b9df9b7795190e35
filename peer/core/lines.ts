// Transcript lines in the key order of design section 3:
// peer_id, action, message_type, message_value, proposal_num.

import type { TranscriptLine, WireMessage } from './types.js';

/** The line printed for a message sent or received: the message verbatim, plus `action`. */
export function messageLine(action: 'sent' | 'received', message: WireMessage): TranscriptLine {
  return {
    peer_id: message.peer_id,
    action,
    message_type: message.message_type,
    message_value: message.message_value,
    proposal_num: message.proposal_num,
  };
}

export function choseLine(selfId: number, value: string, proposal: number): TranscriptLine {
  return { peer_id: selfId, action: 'chose', message_type: 'chose', message_value: value, proposal_num: proposal };
}
