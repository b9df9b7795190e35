// The parse stage: JSON errors with the position in the student's terms,
// duplicate keys, raw control characters; schema errors as sentences naming
// the key, what was expected and what was there; the lenient readings.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import t from 'tap';
import { looksLikeJson, MAX_NESTING, parseJsonLine } from '../verifier/parse/json.js';
import { verify } from '../verifier/index.js';
import { readCanonical } from '../verifier/parse/canonical.js';
import { normaliseLenient, normaliseStrict, readDecimalProposal, type Normalised } from '../verifier/parse/normalise.js';
import { newRecord, parseRecord, positionOf } from '../verifier/parse/record.js';
import { checkSchema } from '../verifier/parse/schema.js';
import { REPO } from './verifier-helpers.js';

const GOOD = '{"peer_id":1,"action":"sent","message_type":"prepare","message_value":"X","proposal_num":101}';

function problem(text: string) {
  const result = parseJsonLine(text);
  if (result.ok) throw new Error(`expected a JSON error for ${text}`);
  return result.problem;
}

t.test('a good line parses, with no duplicates', async (t) => {
  const result = parseJsonLine(GOOD);
  t.ok(result.ok);
  if (result.ok) t.same(result.duplicates, []);
});

t.test('syntax errors say where and what, as a student reads it', async (t) => {
  const comma = problem('{"peer_id":1 "action": "chose"}');
  t.equal(comma.offset + 1, 14, 'column of the offending quote');
  t.equal(comma.message, 'expected \',\' or \'}\' after the value of "peer_id", found \'"\'');
  const nul = problem('{"peer_id":2,"message_value":"\u0000","proposal_num":0}');
  t.match(nul.message, /raw control character U\+0000 \(NUL\) inside the string value of "message_value"/);
  t.match(nul.hint, /empty char/);
  t.match(problem('{"peer_id":1,"message_value":"X}').message, /string that starts at column 30 is not closed/);
  t.match(problem("{'peer_id':1}").hint, /double quotes/);
  t.match(problem('{"peer_id":1,}').hint, /trailing comma/);
  t.match(problem('{"peer_id":1} extra').message, /unexpected text after the end of the object/);
  t.match(problem('{"message_value":None}').hint, /null/);
  t.match(problem('{"message_value":X}').hint, /Strings need double quotes: "X"/);
  t.match(problem('{"proposal_num":01}').message, /invalid number 01/);
  t.match(problem('{"peer_id":1,"action":"sent"').message, /line ends after the value of "action"/);
  t.match(problem('').message, /empty/);
});

t.test('deep nesting is a syntax finding with its position, never a stack overflow', async (t) => {
  const unclosed = problem('['.repeat(200000));
  t.equal(unclosed.offset, MAX_NESTING, 'points at the first bracket past the limit');
  t.match(unclosed.message, /more than 64 nested objects or arrays/);
  const deep = `{"peer_id":1,"peer_id":${'['.repeat(100000)}${']'.repeat(100000)}}`;
  t.ok(parseJsonLine(deep).ok, 'valid but deep JSON with a repeated key: the duplicate scan stops at the limit');
  for (const text of ['['.repeat(100000) + ']'.repeat(100000), `{"a":${'['.repeat(100000)}${']'.repeat(100000)}}`]) {
    const record = parseRecord(newRecord('f', 1, 1, text), 'strict');
    t.equal(record.status, 'schema-error', 'valid but deep JSON is a schema error');
    t.ok(record.schema!.every((p) => p.seen.length <= 40), 'what was seen is shown short');
  }
  const report = await verify([{ text: `peer1  | ${'['.repeat(200000)}\n`, name: 'deep.log' }], { scenario: 'tc1' });
  t.equal(report.fatal, null, 'the run is verified');
  t.match(report.findings.find((f) => f.ruleId === 'syntax/json')?.message ?? '', /more than 64 nested/);
});

t.test('duplicate keys are found, with both values and positions', async (t) => {
  const text = '{"peer_id":1,"message_value":"Y","message_value":"X"}';
  const result = parseJsonLine(text);
  t.ok(result.ok);
  if (!result.ok) return;
  t.same((result.value as Record<string, unknown>)['message_value'], 'X', 'JSON.parse keeps the last');
  t.same(result.duplicates.map((d) => [d.key, d.firstValue, d.value, d.firstOffset, d.offset]), [['message_value', '"Y"', '"X"', 13, 33]]);
  const spaced = parseJsonLine('{"peer_id" :1,"peer_id":2,"message_value":"\\":","proposal_num":0}');
  t.same(spaced.ok && spaced.duplicates.map((d) => d.key), ['peer_id'], 'found whatever the spacing, and a value holding ":');
});

t.test('what counts as an attempt at JSON', async (t) => {
  t.ok(looksLikeJson(' {"a":1'));
  t.ok(looksLikeJson('[1,2]'));
  t.ok(looksLikeJson('DEBUG "peer_id": 3'));
  t.notOk(looksLikeJson('listening on 0.0.0.0:3000'));
});

t.test('schema errors name the key, the expectation and what was seen', async (t) => {
  const line = (patch: Record<string, unknown>, drop?: string) => {
    const value: Record<string, unknown> = { ...(JSON.parse(GOOD) as Record<string, unknown>), ...patch };
    if (drop) delete value[drop];
    return checkSchema(value, 'strict') ?? [];
  };
  t.equal(checkSchema(JSON.parse(GOOD), 'strict'), null, 'the good line is valid');
  t.same(line({}, 'proposal_num').map((p) => p.message), ['missing key "proposal_num"']);
  t.same(line({ time: 3 }).map((p) => [p.key, p.message]), [['time', 'unexpected key "time"']]);
  const ack = line({ message_type: 'prepare ack' })[0]!;
  t.equal(ack.key, 'message_type');
  t.equal(ack.seen, '"prepare ack"');
  t.match(ack.expected, /"prepare_ack"/);
  t.match(ack.hint, /Write "prepare_ack" with an underscore/);
  const decimal = line({ proposal_num: 1.5 })[0]!;
  t.match(decimal.message, /"proposal_num" should be a whole number.*found 1\.5/);
  t.match(decimal.hint, /round\*100 \+ peer id/);
  t.match(line({ action: 'chose' })[0]!.message, /"action" is "chose", so "message_type" must be "chose"/);
  t.match(line({ message_value: null })[0]!.message, /a "prepare" line carries a value/);
  t.same(line({ peer_id: '1', message_value: 7 }).map((p) => p.key).sort(), ['message_value', 'peer_id'], 'one problem per key');
  t.match(checkSchema([1, 2], 'strict')![0]!.message, /expected one JSON object, found an array/);
  const debug = checkSchema({ debug: 'x' }, 'strict')!;
  t.same(debug.map((p) => p.message), ['not a transcript line: none of the five keys, found only "debug"'], 'JSON debug output is one problem, not six');
  t.same(line({}, 'message_value').map((p) => p.message), ['missing key "message_value"']);
  const two = checkSchema({ peer_id: 1, action: 'sent', message_type: 'prepare' }, 'strict')!;
  t.same(two.map((p) => [p.message, p.signature]), [['missing keys "message_value", "proposal_num"', 'missing:message_value,proposal_num']], 'missing keys are one problem; their conditions are not repeated');
});

t.test('lenient readings, each named as a variant', async (t) => {
  const read = (text: string) => normaliseLenient(JSON.parse(text), text) as Normalised;
  t.same(read('{"peer_id":"2","action":"sent","message_type":"prepare ack","message_value":"","proposal_num":"0"}'),
    { peerId: 2, action: 'sent', type: 'prepare_ack', value: null, n: 0, variants: ['numeric-string', 'message-type-spelling', 'empty-value'] });
  t.same(read('{"peer_id":5,"action":"sent","message_type":"accept","message_value":"X","proposal_num":1.5}').n, 105, '1.5 is (round 1, peer 5)');
  t.same(read('{"peer_id":5,"action":"sent","message_type":"accept","message_value":"X","proposal_num":1.10}').n, 110, '1.10 is peer 10, read from the text');
  t.same(read('{"peer_id":1,"action":"chosen","message_type":"chosen","message_value":"X","proposal_num":101}').variants, ['chosen-spelling']);
  t.ok('signature' in read('{"peer_id":1,"action":"sent","message_type":"prepare","message_value":"X","proposal_num":1.123}'), 'a peer part over 99 is refused');
  t.same(read('{"peer_id":1,"action":"sent","message_type":"accept","message_value":"X","proposal_num":101.0}').n, 101, '101.0 is 101, as in the strict profile');
  t.same(read('{"peer_id":2,"action":"sent","message_type":"prepare_ack","message_value":null,"proposal_num":"0.0"}').n, 0, '"0.0" is 0');
  t.same(read('{"peer_id":1,"action":"sent","message_type":"accept","message_value":"X","proposal_num":101.0}').variants, [], 'a zero fraction is not round.peer');
  t.equal(parseRecord(newRecord('f', 1, 1, '{"peer_id":1,"action":"sent","message_type":"accept","message_value":"X","proposal_num":101.0}'), 'strict').message?.n, 101, 'strict reads 101.0 as 101 too');
  const exponent = parseRecord(newRecord('f', 1, 1, '{"peer_id":1,"action":"sent","message_type":"accept","message_value":"X","proposal_num":1.01e2}'), 'lenient');
  t.same([exponent.status, exponent.message?.n], ['ok', 101], 'a line valid under strict means the same under lenient');
  t.equal(readDecimalProposal('4.5'), 405);
  t.equal(readDecimalProposal('45'), null);
});

t.test('a lenient run mixing 1.1, 101 and 101.0 compares them as the same proposal', async (t) => {
  const input = readFileSync(join(REPO, 'fixtures/cases/variant-decimal-proposal-lenient/input.log'), 'utf8');
  const mixed = input
    .replace('{"peer_id":3,"action":"sent","message_type":"accept_ack","message_value":"X","proposal_num":1.1}', '{"peer_id":3,"action":"sent","message_type":"accept_ack","message_value":"X","proposal_num":101.0}')
    .replace('{"peer_id":3,"action":"received","message_type":"accept_ack","message_value":"X","proposal_num":1.1}', '{"peer_id":3,"action":"received","message_type":"accept_ack","message_value":"X","proposal_num":101.0}')
    .replace('{"peer_id":4,"action":"sent","message_type":"accept_ack","message_value":"X","proposal_num":1.1}', '{"peer_id":4,"action":"sent","message_type":"accept_ack","message_value":"X","proposal_num":101}')
    .replace('{"peer_id":4,"action":"received","message_type":"accept_ack","message_value":"X","proposal_num":1.1}', '{"peer_id":4,"action":"received","message_type":"accept_ack","message_value":"X","proposal_num":101}');
  t.not(mixed, input, 'the run was changed');
  const report = await verify([{ text: mixed, name: 'mixed.log' }], { scenario: 'tc2', profile: 'lenient' });
  t.same(report.findings.filter((f) => f.severity !== 'warning').map((f) => f.message), [], 'no errors: 101.0 and 101 are the accepted 1.1');
  t.equal(report.verdict, 'pass');
});

t.test('a strict failure the lenient reading understands still carries its meaning', async (t) => {
  const text = '{"peer_id":2,"action":"sent","message_type":"prepare ack","message_value":null,"proposal_num":0}';
  const strict = parseRecord(newRecord('f', 3, 2, text), 'strict');
  t.equal(strict.status, 'schema-error');
  t.equal(strict.message?.type, 'prepare_ack');
  const lenient = parseRecord(newRecord('f', 3, 2, text), 'lenient');
  t.equal(lenient.status, 'ok');
  t.same(lenient.message?.variants, ['message-type-spelling']);
  const garbage = parseRecord(newRecord('f', 3, 2, '{"peer_id":2,"action":"shouted"}'), 'strict');
  t.equal(garbage.message, null, 'no meaning when even lenient cannot read it');
});


t.test('a proposal number above 2^53-1 is a schema error in both profiles, and the line is not used', async (t) => {
  const line = (n: string): string => `{"peer_id":1,"action":"sent","message_type":"prepare","message_value":"X","proposal_num":${n}}`;
  // JSON.parse reads 1730000000000000101 as 1730000000000000000: two proposals would compare equal.
  for (const text of [line('1730000000000000101'), line('9007199254740992'), line('"1730000000000000101"'), line('1e300')]) {
    for (const profile of ['strict', 'lenient'] as const) {
      const record = parseRecord(newRecord('f', 1, 1, text), profile);
      t.equal(record.status, 'schema-error', `${profile}: ${text.slice(70)}`);
      t.equal(record.message, null, 'no meaning taken from a rounded number');
      const unsafe = record.schema?.find((p) => p.signature === 'bad:proposal_num:unsafe');
      // In quotes, strict first reports the quotes; the lenient reading then finds the number too big.
      const quoted = text.includes('"17');
      if (/[0-9]{16}/.test(text) && !(quoted && profile === 'strict')) {
        t.match(unsafe?.message, new RegExp(`"proposal_num" ${/[0-9]{16,}/.exec(text)![0]} is above 2\\^53-1`), 'names the digits as printed');
      } else {
        t.ok(record.schema?.length, 'reported');
      }
    }
  }
  const largest = parseRecord(newRecord('f', 1, 1, line('9007199254740991')), 'strict');
  t.equal(largest.status, 'ok', '2^53-1 itself is fine');
  t.equal(largest.message?.n, Number.MAX_SAFE_INTEGER);
  t.equal(readCanonical(line('9007199254740991')), null, 'the fast path leaves 16-digit numbers to the general path');
});
t.test('positions count columns in the file line, prefix included, also in an object spread over several lines', async (t) => {
  // peer1  | {"a":1,
  // peer1  |   "b" 2}
  const record = { file: 'f', line: 10, printer: 1, fragments: 0, indent: 9, text: '{"a":1,\n  "b" 2}', segments: [{ line: 10, offset: 0, indent: 9 }, { line: 11, offset: 8, indent: 9 }] };
  t.same(positionOf(record, 14), { line: 11, column: 16 }, 'the 2 after "b", line 11');
  t.same(positionOf(record, 3), { line: 10, column: 13 });
  t.same(positionOf(newRecord('f', 4, 1, '{"a" 1}', 9), 5), { line: 4, column: 15 }, 'one line: after the 9-character prefix');
  const unclosed = parseRecord(newRecord('f', 4, 1, '{"peer_id":1,"message_value":"X}', 9), 'strict');
  t.match(unclosed.json!.message, /string that starts at column 39 is not closed/, 'columns inside messages count the same way');
  const spread = await verify([{ text: 'peer1  | {"peer_id":1,\npeer1  |   "action":"sent",\n', name: 'spread.log' }], { scenario: 'tc1' });
  const syntax = spread.findings.find((f) => f.ruleId === 'syntax/json')!;
  t.same([syntax.line, syntax.column], [2, 28], 'just past the end of the second line');
  t.match(syntax.message, /the object that opens at line 1, column 10 is closed/);
});

t.test('the canonical fast path only accepts what the general path accepts, with the same meaning', async (t) => {
  // Mostly valid values, so both paths are exercised; odd ones mixed in.
  const mostly = <T,>(good: fc.Arbitrary<T>, odd: fc.Arbitrary<unknown>) => fc.oneof({ arbitrary: good, weight: 4 }, { arbitrary: odd, weight: 1 });
  const field = {
    peer_id: mostly(fc.integer({ min: 1, max: 99 }), fc.oneof(fc.integer({ min: -2, max: 120 }), fc.constantFrom(1.5, '1', null))),
    action: mostly(fc.constantFrom('sent', 'received', 'chose'), fc.constantFrom('chosen', 'SENT', '')),
    message_type: mostly(fc.constantFrom('prepare', 'prepare_ack', 'accept', 'accept_ack', 'chose'), fc.constantFrom('prepare ack', 'accepted')),
    message_value: mostly(fc.constantFrom(null, 'X', 'Y'), fc.oneof(fc.constantFrom('', '"', '\\', '\u0000', '\u001f', '\u007f', '\u0085', '\ud83d', 'XY', '\ud83d\ude00'), fc.string({ maxLength: 2 }))),
    proposal_num: mostly(fc.integer({ min: 0, max: 1000 }), fc.constantFrom(-1, 1e15, 1e16, 123456789012345, 1.5)),
  };
  let accepted = 0;
  fc.assert(
    fc.property(fc.record(field), (line) => {
      // The canonical layout: keys in the schema's order, no spaces.
      const text = `{"peer_id":${JSON.stringify(line.peer_id)},"action":${JSON.stringify(line.action)},"message_type":${JSON.stringify(line.message_type)},"message_value":${JSON.stringify(line.message_value)},"proposal_num":${JSON.stringify(line.proposal_num)}}`;
      const fast = readCanonical(text);
      if (fast === null) return true;
      accepted++;
      const value = JSON.parse(text) as unknown;
      return checkSchema(value, 'strict') === null && JSON.stringify(normaliseStrict(value)) === JSON.stringify(fast);
    }),
    { numRuns: 3000 },
  );
  t.ok(accepted > 100, `the fast path took ${accepted} of the generated lines`);
  t.equal(readCanonical(' ' + GOOD), null, 'anything off the exact layout goes the general way');
  t.equal(readCanonical(GOOD.replace('101', '0101')), null, 'leading zero');
  t.same(readCanonical(GOOD), normaliseStrict(JSON.parse(GOOD)));
});

t.test('the schemas themselves are valid draft 2020-12 (ajv skips that check at run time)', async (t) => {
  const { Ajv2020 } = await import('ajv/dist/2020.js');
  const ajv = new Ajv2020();
  for (const name of ['transcript-line.schema.json', 'transcript-line.lenient.schema.json', 'report.schema.json']) {
    const schema = JSON.parse(readFileSync(join(REPO, 'schemas', name), 'utf8')) as object;
    t.ok(ajv.validateSchema(schema), `${name}${ajv.errors ? `: ${ajv.errorsText(ajv.errors)}` : ''}`);
  }
});
