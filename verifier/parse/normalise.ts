// Turns a schema-valid line into the verifier's canonical message. Under the
// lenient profile the variants students print are read here, and each is
// named so the variant rule can warn about it once per run.

import type { Action, EventType } from '../types.js';
import type { SchemaProblem } from './schema.js';

export type VariantId =
  | 'message-type-spelling'
  | 'chosen-spelling'
  | 'decimal-proposal'
  | 'numeric-string'
  | 'empty-value'
  | 'multi-line-object';

export const VARIANT_NAMES: Record<VariantId, string> = {
  'message-type-spelling': 'message types written with a space or hyphen instead of an underscore (e.g. "prepare ack")',
  'chosen-spelling': '"chosen" written for "chose"',
  'decimal-proposal': 'proposal numbers written round.peer (e.g. 1.5), read as (round, peer) pairs',
  'numeric-string': 'numbers printed inside quotes (e.g. "1" for 1)',
  'empty-value': 'an empty string "" printed for "no value" instead of null',
  'multi-line-object': 'objects spread over several lines (the handout\'s layout), reassembled per peer',
};

export interface Normalised {
  peerId: number;
  action: Action;
  type: EventType;
  value: string | null;
  /** Proposal number; a decimal r.i (i not 0) is read as r*100 + i. */
  n: number;
  variants: VariantId[];
}

interface StrictShape {
  peer_id: number;
  action: Action;
  message_type: EventType;
  message_value: string | null;
  proposal_num: number;
}

const NO_VARIANTS: VariantId[] = [];

export function normaliseStrict(line: unknown): Normalised {
  const l = line as StrictShape;
  return { peerId: l.peer_id, action: l.action, type: l.message_type, value: l.message_value, n: l.proposal_num, variants: NO_VARIANTS };
}

const RAW_PROPOSAL = /"proposal_num"\s*:\s*"?([0-9][0-9.eE+-]*)/;

/** The proposal number as the line prints it (JSON.parse may have rounded it), or null. */
export function rawProposal(text: string): string | null {
  return RAW_PROPOSAL.exec(text)?.[1] ?? null;
}

/**
 * A proposal number above 2^53-1: JSON.parse, jq and most graders' scripts
 * read it as a double, so neighbouring numbers compare equal. The line is
 * not used at all (in either profile) rather than read wrong.
 */
export function unsafeProposal(raw: string): SchemaProblem {
  return {
    key: 'proposal_num',
    message: `"proposal_num" ${raw} is above 2^53-1 (${Number.MAX_SAFE_INTEGER}): JSON readers cannot compare it exactly`,
    expected: `a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`,
    seen: raw,
    hint: 'Build proposal numbers as round*100 + peer id (101, 201, 105, ...): unique per peer and ordered by round. A timestamp in nanoseconds is too big for JSON numbers.',
    signature: 'bad:proposal_num:unsafe',
  };
}
/**
 * 101.0 and 0.0 are the whole numbers 101 and 0, as JSON (and so the strict
 * profile) reads them: a peer part of 0 names no peer, so they cannot be
 * round.peer, and reading them so would make 101.0 compare as round 101.
 */
const ZERO_FRACTION = /^[0-9]+\.0+$/;

/** Reads round.peer as round*100 + peer; null when the peer part is not 0..99. */
export function readDecimalProposal(raw: string): number | null {
  const match = /^([0-9]+)\.([0-9]+)$/.exec(raw);
  if (!match) return null;
  const round = Number(match[1]);
  const peer = Number(match[2]);
  if (peer > 99 || !Number.isSafeInteger(round * 100 + peer)) return null;
  return round * 100 + peer;
}

/** A lenient-schema-valid line in canonical form, or the problem that stops it. */
export function normaliseLenient(line: unknown, text: string): Normalised | SchemaProblem {
  const l = line as Record<string, unknown>;
  const variants: VariantId[] = [];
  let peerId = l['peer_id'];
  if (typeof peerId === 'string') {
    peerId = Number(peerId);
    variants.push('numeric-string');
  }
  let action = l['action'] as string;
  if (action === 'chosen') {
    action = 'chose';
    variants.push('chosen-spelling');
  }
  let type = l['message_type'] as string;
  if (type === 'chosen') {
    type = 'chose';
    if (!variants.includes('chosen-spelling')) variants.push('chosen-spelling');
  } else if (type.includes(' ') || type.includes('-')) {
    type = type.replace(/[ -]/g, '_');
    variants.push('message-type-spelling');
  }
  let value = l['message_value'] as string | null;
  if (value === '') {
    value = null;
    variants.push('empty-value');
  }
  const proposal = l['proposal_num'];
  let n: number;
  let raw: string | null = null;
  if (typeof proposal === 'string') {
    raw = proposal;
    if (!variants.includes('numeric-string')) variants.push('numeric-string');
  } else if (!Number.isInteger(proposal) || text.includes('.')) {
    raw = rawProposal(text) ?? String(proposal);
  }
  if (raw !== null && raw.includes('.') && !ZERO_FRACTION.test(raw)) {
    const decimal = readDecimalProposal(raw);
    if (decimal === null) {
      return {
        key: 'proposal_num',
        message: `"proposal_num" ${raw} cannot be read as round.peer (a round, a dot, a peer id from 0 to 99)`,
        expected: 'a whole number like 101, or round.peer like 1.5',
        seen: raw,
        hint: 'Print proposal numbers as whole numbers (round*100 + peer id), or consistently as round.peer.',
        signature: 'bad:proposal_num:decimal',
      };
    }
    n = decimal;
    variants.push('decimal-proposal');
  } else {
    n = raw !== null ? Number(raw) : (proposal as number);
    if (!Number.isSafeInteger(Math.floor(n))) return unsafeProposal(raw ?? rawProposal(text) ?? String(proposal));
  }
  return { peerId: peerId as number, action: action as Action, type: type as EventType, value, n, variants };
}
