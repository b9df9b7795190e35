// Schema validation of one parsed line. The two schemas (strict, lenient) are
// compiled once, on first use, by ajv's draft 2020-12 class; ajv's raw errors
// are then turned into one sentence per key a student can act on.

import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import strictSchema from '../../schemas/transcript-line.schema.json' with { type: 'json' };
import lenientSchema from '../../schemas/transcript-line.lenient.schema.json' with { type: 'json' };
import type { Profile } from '../types.js';
import { rawProposal, unsafeProposal } from './normalise.js';

export interface SchemaProblem {
  /** The key concerned, or null for the line as a whole. */
  key: string | null;
  message: string;
  expected: string;
  seen: string;
  hint: string;
  /** Same signature = same mistake, merged into one finding. */
  signature: string;
}

const SCHEMAS: Record<Profile, object> = { strict: strictSchema, lenient: lenientSchema };

// The schemas are checked against the draft once, by the test suite; at run
// time ajv skips that (it would compile the meta-schema on every start).
const OPTIONS = { strict: true, strictTypes: false, validateSchema: false } as const;

let quick: Record<Profile, ValidateFunction> | null = null;
let full: Partial<Record<Profile, ValidateFunction>> | null = null;

/** The per-line check, stopping at the first error; compiled once per process. */
function quickValidator(profile: Profile): ValidateFunction {
  if (!quick) {
    const ajv = new Ajv2020(OPTIONS);
    quick = { strict: ajv.compile(strictSchema), lenient: ajv.compile(lenientSchema) };
  }
  return quick[profile];
}

/** Collects every error, to explain a line that failed; compiled once, when first needed. */
function fullValidator(profile: Profile): ValidateFunction {
  full ??= {};
  return (full[profile] ??= new Ajv2020({ ...OPTIONS, allErrors: true }).compile(SCHEMAS[profile]));
}

/** Null when the value satisfies the profile's schema, else what is wrong; `text` (the line as printed) shows numbers JSON.parse rounded. */
export function checkSchema(value: unknown, profile: Profile, text = ''): SchemaProblem[] | null {
  if (quickValidator(profile)(value)) return null;
  const validate = fullValidator(profile);
  validate(value);
  return explain(validate.errors ?? [], value, profile, text);
}

const KEYS = ['peer_id', 'action', 'message_type', 'message_value', 'proposal_num'] as const;
type Key = (typeof KEYS)[number];

const EXPECTED: Record<Profile, Record<Key, string>> = {
  strict: {
    peer_id: 'a whole number from 1 to 99: the id of the peer that sent the message',
    action: 'one of "sent", "received", "chose"',
    message_type: 'one of "prepare", "prepare_ack", "accept", "accept_ack", "chose"',
    message_value: 'one printable character like "X", or null when there is no value',
    proposal_num: 'a whole number, 0 or more, like 101',
  },
  lenient: {
    peer_id: 'a whole number from 1 to 99 (or the same in quotes)',
    action: 'one of "sent", "received", "chose" (or "chosen")',
    message_type: 'one of "prepare", "prepare_ack", "accept", "accept_ack", "chose" (or "prepare ack", "accept ack", "chosen")',
    message_value: 'one printable character like "X", null, or ""',
    proposal_num: 'a number 0 or more, like 101 or 1.5 (or the same in quotes)',
  },
};

const HINT_KEYS =
  'Every line has exactly these five keys: peer_id, action, message_type, message_value, proposal_num.';

export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // JSON.parse accepts nesting deeper than JSON.stringify's stack allows.
    text = `${Array.isArray(value) ? '[[[' : '{{{'}... (nested too deep to show)`;
  }
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** Under strict, for a whole number printed in quotes: how to print it, and that lenient reads it. */
function quotedNumberHint(key: Key, value: unknown, profile: Profile): string | null {
  if (profile !== 'strict' || typeof value !== 'string' || !/^[0-9]+$/.test(value) || !Number.isSafeInteger(Number(value))) return null;
  return `Print ${key} without quotes: ${value}, not "${value}" (--profile lenient accepts numbers in quotes with a warning).`;
}

function keyHint(key: Key, value: unknown, profile: Profile): string {
  switch (key) {
    case 'peer_id':
      return quotedNumberHint(key, value, profile) ?? 'peer_id is the sender\'s line number in the hostsfile (peer1 is 1), printed as a bare number.';
    case 'action':
      if (value === 'chosen') return 'Write "chose" (--profile lenient accepts "chosen" with a warning).';
      return 'action says what the printing peer did: "sent", "received", or "chose" when it learned the chosen value.';
    case 'message_type': {
      const near = typeof value === 'string' ? value.trim().toLowerCase().replace(/[\s-]+/g, '_') : '';
      if (near !== value && ['prepare', 'prepare_ack', 'accept', 'accept_ack', 'chose'].includes(near)) {
        return `Write "${near}"${near.includes('_') ? ' with an underscore' : ''} (the handout's prose writes "prepare ack"; --profile lenient accepts that spelling with a warning).`;
      }
      if (value === 'chosen') return 'Write "chose" (--profile lenient accepts "chosen" with a warning).';
      return 'Use the message names of slide 45: prepare, prepare_ack, accept, accept_ack; and chose on a chose line.';
    }
    case 'message_value':
      if (value === '') return 'Print null (no quotes) when there is no value; --profile lenient accepts "" with a warning.';
      return 'The value is one character such as "X" or "Y" in double quotes, or null for "nothing accepted yet".';
    case 'proposal_num':
      const quoted = quotedNumberHint(key, value, profile);
      if (quoted !== null) return quoted;
      if (typeof value === 'number' || (typeof value === 'string' && /^[0-9]+(\.[0-9]+)?$/.test(value))) {
        return profile === 'strict'
          ? 'Slide 46 writes proposals as 3.1 (round 3, peer 1); print them as whole numbers, e.g. round*100 + peer id = 301. --profile lenient reads 3.1 as (round 3, peer 1) with a warning.'
          : 'A proposal number is a whole number like 301, or round.peer like 3.1.';
      }
      return 'A proposal number is a bare whole number like 101 (round*100 + peer id), 0 in a prepare_ack when nothing was accepted.';
  }
}

function keyOf(error: ErrorObject): string | null {
  if (error.instancePath === '') return null;
  const segment = error.instancePath.split('/')[1] ?? '';
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function explain(errors: ErrorObject[], value: unknown, profile: Profile, text: string): SchemaProblem[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    return [{
      key: null,
      message: `expected one JSON object, found ${kind}`,
      expected: 'one JSON object {...}',
      seen: showValue(value),
      hint: HINT_KEYS,
      signature: 'not-object',
    }];
  }
  const record = value as Record<string, unknown>;
  const present = Object.keys(record);
  if (!present.some((key) => (KEYS as readonly string[]).includes(key))) {
    // Debug output as JSON ({"debug":"x"}): one problem, not a missing key per field and an extra one per key.
    const found = present.length === 0 ? 'an empty object' : `only ${present.slice(0, 5).map((k) => JSON.stringify(k)).join(', ')}${present.length > 5 ? ', ...' : ''}`;
    return [{
      key: null,
      message: `not a transcript line: none of the five keys, found ${found}`,
      expected: `the keys ${KEYS.join(', ')}`,
      seen: showValue(value),
      hint: `${HINT_KEYS} Other JSON output (debug, state dumps) goes to stderr.`,
      signature: 'no-transcript-keys',
    }];
  }
  const problems: SchemaProblem[] = [];
  const missing: string[] = [];
  const done = new Set<string>();
  const add = (problem: SchemaProblem): void => {
    if (done.has(problem.signature)) return;
    done.add(problem.signature);
    problems.push(problem);
  };
  for (const error of errors) {
    if (error.schemaPath.includes('/then/') || error.keyword === 'if') continue;
    const key = keyOf(error);
    if (key === null) {
      if (error.keyword === 'required') {
        missing.push(String((error.params as { missingProperty: string }).missingProperty));
      } else if (error.keyword === 'additionalProperties') {
        const extra = String((error.params as { additionalProperty: string }).additionalProperty);
        add({ key: extra, message: `unexpected key "${extra}"`, expected: 'only peer_id, action, message_type, message_value, proposal_num', seen: `"${extra}": ${showValue(record[extra])}`,
          hint: `${HINT_KEYS} Anything else (timestamps, debug fields) goes to stderr.`, signature: `extra:${extra}` });
      }
      continue;
    }
    if (!(KEYS as readonly string[]).includes(key)) continue;
    const k = key as Key;
    if (k === 'proposal_num' && typeof record[k] === 'number' && record[k] > Number.MAX_SAFE_INTEGER) {
      add(unsafeProposal(rawProposal(text) ?? String(record[k])));
      continue;
    }
    const seen = showValue(record[k]);
    const kind = typeof record[k] === 'number' && !Number.isInteger(record[k]) ? 'fraction' : typeof record[k];
    add({ key: k, message: `"${k}" should be ${EXPECTED[profile][k]}, found ${seen}`, expected: EXPECTED[profile][k], seen, hint: keyHint(k, record[k], profile), signature: `bad:${k}:${kind}` });
  }
  if (missing.length > 0) {
    // One problem for all the keys a line lacks: they are one mistake (a struct without those fields).
    const names = missing.map((k) => `"${k}"`).join(', ');
    const one = missing.length === 1;
    problems.unshift({ key: missing[0]!, message: `missing key${one ? '' : 's'} ${names}`, expected: one ? `a ${names} key` : `the keys ${names}`, seen: 'no such key',
      hint: HINT_KEYS, signature: `missing:${missing.join(',')}` });
  }
  // Conditional (if/then) failures explain a combination, for keys not already wrong in themselves.
  for (const error of errors) {
    if (!error.schemaPath.includes('/then/')) continue;
    const key = keyOf(error);
    if (key === null || missing.includes(key) || problems.some((p) => p.key === key)) continue;
    const action = showValue(record['action']);
    const type = showValue(record['message_type']);
    if (error.schemaPath.startsWith('#/allOf/0/')) {
      add({ key, message: `"action" is ${action}, so "message_type" must be "chose", found ${type}`, expected: '"message_type":"chose" on a chose line', seen: type,
        hint: 'A chose line is {"peer_id":<you>,"action":"chose","message_type":"chose",...}.', signature: 'chose-pair' });
    } else if (error.schemaPath.startsWith('#/allOf/1/')) {
      add({ key, message: `"message_type" is "chose", so "action" must be "chose", found ${action}`, expected: '"action":"chose" on a chose line', seen: action,
        hint: 'Only the chose line has message_type "chose", and its action is "chose" too.', signature: 'chose-pair' });
    } else if (key === 'message_value') {
      add({ key, message: `a ${type} line carries a value, found "message_value": ${showValue(record[key])}`, expected: 'one character like "X"', seen: showValue(record[key]),
        hint: 'prepare, accept and chose carry the proposer\'s value; only acks may say null.', signature: `needs-value:${type}` });
    } else if (key === 'proposal_num') {
      add({ key, message: `a ${type} line carries a proposal number of at least 1, found ${showValue(record[key])}`, expected: 'a proposal number >= 1', seen: showValue(record[key]),
        hint: 'Only acks may say 0 (nothing accepted yet); a prepare, accept or chose names a real proposal.', signature: `needs-number:${type}` });
    }
  }
  if (problems.length === 0) {
    // A failure ajv reported in a shape not foreseen above: still say something concrete.
    const first = errors[0];
    problems.push({ key: first ? keyOf(first) : null, message: `does not match the transcript line schema (${first?.instancePath || '/'} ${first?.message ?? ''})`,
      expected: 'a transcript line', seen: showValue(value), hint: HINT_KEYS, signature: 'other' });
  }
  return problems;
}
