// The fast path of the parse stage. Most transcripts print every line in
// one exact form: the five keys in the schema's order, no spaces, e.g.
//   {"peer_id":1,"action":"sent","message_type":"prepare","message_value":"X","proposal_num":101}
// (Go's json.Marshal of a struct, Gson, the reference peer). Such a line is
// matched by one pattern, without JSON.parse, ajv or a duplicate-key scan: it
// cannot repeat a key. Only lines that are certainly valid under the strict
// schema are accepted; anything else (spaces, another order, an escape, an
// odd value) returns null and takes the general path, which remains the
// definition. A property test checks that both paths agree.

import type { Action, EventType } from '../types.js';
import type { Normalised } from './normalise.js';

const NO_VARIANTS: Normalised['variants'] = [];

// One anchored pattern: V8 compiles it to native code, several times faster
// than JSON.parse or a character loop. The value is one plain character (not
// a control, quote, backslash or half of a surrogate pair); numbers have no
// leading zero and at most 15 digits, so they are safe integers.
const CANONICAL =
  /^\{"peer_id":([1-9][0-9]?),"action":"(sent|received|chose)","message_type":"(prepare_ack|prepare|accept_ack|accept|chose)","message_value":(?:null|"([^\x00-\x1f"\\\x7f\ud800-\udfff])"),"proposal_num":(0|[1-9][0-9]{0,14})\}$/;

export function readCanonical(text: string): Normalised | null {
  const m = CANONICAL.exec(text);
  if (!m) return null;
  const action = m[2] as Action;
  const type = m[3] as EventType;
  const value = m[4] ?? null;
  const n = Number(m[5]);
  // The schema's conditions: chose goes with chose; prepare, accept and chose carry a value and a number >= 1.
  if ((action === 'chose') !== (type === 'chose')) return null;
  if ((type === 'prepare' || type === 'accept' || type === 'chose') && (value === null || n < 1)) return null;
  return { peerId: Number(m[1]), action, type, value, n, variants: NO_VARIANTS };
}
