// The wire format: what a peer accepts from the network, checked against the
// schema that is the single source of truth for transcript lines.
import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import t from 'tap';
import { messageLine } from '../peer/core/lines.js';
import { MAX_PROPOSAL } from '../peer/core/proposal-number.js';
import { decodeWireMessage, encodeWireMessage, isOneCharacterValue, LineSplitter, MAX_LINE_BYTES } from '../peer/wire.js';
import { repoRoot } from './peer-helpers.js';

const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, 'schemas/transcript-line.schema.json'), 'utf8'));
const validateLine = new Ajv2020({ strict: false }).compile(schema);

t.test('a valid message decodes to itself and encodes in the key order of the transcript', async (t) => {
  const message = { peer_id: 3, message_type: 'prepare_ack', message_value: 'X', proposal_num: 101 } as const;
  const text = encodeWireMessage({ proposal_num: 101, message_value: 'X', message_type: 'prepare_ack', peer_id: 3 });
  t.equal(text, '{"peer_id":3,"message_type":"prepare_ack","message_value":"X","proposal_num":101}\n');
  t.same(decodeWireMessage(text.trim()), message);
});

t.test('what is refused, and why', async (t) => {
  const table: [line: string, reason: RegExp][] = [
    ['hello', /not JSON/],
    ['[1,2]', /not a JSON object/],
    ['null', /not a JSON object/],
    ['{"peer_id":1,"message_type":"prepare","message_value":"X","proposal_num":101,"action":"sent"}', /unexpected key "action"/],
    ['{"peer_id":0,"message_type":"prepare","message_value":"X","proposal_num":101}', /peer_id/],
    ['{"peer_id":"1","message_type":"prepare","message_value":"X","proposal_num":101}', /peer_id/],
    ['{"peer_id":1,"message_type":"prepare ack","message_value":"X","proposal_num":101}', /message_type/],
    ['{"peer_id":1,"message_type":"chose","message_value":"X","proposal_num":101}', /message_type/],
    ['{"peer_id":1,"message_type":"prepare","message_value":"XY","proposal_num":101}', /message_value/],
    ['{"peer_id":1,"message_type":"prepare","message_value":null,"proposal_num":101}', /message_value must be one printable character$/],
    ['{"peer_id":1,"message_type":"accept","message_value":"\\u0007","proposal_num":101}', /message_value/],
    ['{"peer_id":1,"message_type":"prepare","message_value":"X","proposal_num":1.5}', /proposal_num/],
    ['{"peer_id":1,"message_type":"prepare","message_value":"X","proposal_num":-1}', /proposal_num/],
    ['{"peer_id":1,"message_type":"prepare","message_value":"X","proposal_num":0}', /needs proposal_num >= 1/],
    ['{"peer_id":1,"message_type":"prepare","message_value":"X"}', /proposal_num/],
    ['{"peer_id":2,"message_type":"accept_ack","message_value":null,"proposal_num":9007199254740991}',
      /proposal_num must be an integer from 0 to 9007199254740899$/],
    ['{"peer_id":2,"message_type":"accept_ack","message_value":null,"proposal_num":9007199254740900}', /proposal_num/],
    ['{"peer_id":2,"message_type":"accept_ack","message_value":null,"proposal_num":1e300}', /proposal_num/],
  ];
  for (const [line, reason] of table) {
    const result = decodeWireMessage(line);
    t.ok('error' in result, line);
    if ('error' in result) t.match(result.error, reason, line);
  }
  t.same(decodeWireMessage('{"peer_id":2,"message_type":"accept_ack","message_value":null,"proposal_num":0}'), {
    peer_id: 2, message_type: 'accept_ack', message_value: null, proposal_num: 0,
  }, 'an ack may carry null');
  t.same(decodeWireMessage(`{"peer_id":2,"message_type":"accept_ack","message_value":null,"proposal_num":${MAX_PROPOSAL}}`), {
    peer_id: 2, message_type: 'accept_ack', message_value: null, proposal_num: MAX_PROPOSAL,
  }, 'the highest number the encoding produces is accepted');
});

t.test('one character means one code point, no control character', async (t) => {
  for (const good of ['X', 'y', ' ', 'é', '€', '😀']) t.ok(isOneCharacterValue(good), JSON.stringify(good));
  for (const bad of ['', 'XY', '\n', '\u0000', '\u007f', 'e\u0301', 1, null]) t.notOk(isOneCharacterValue(bad), JSON.stringify(bad));
});

t.test('every line of text the decoder accepts, printed as sent or received, passes the strict schema', async (t) => {
  const anyJsonValue = fc.oneof(fc.constant(null), fc.integer({ min: -2, max: 300 }), fc.double(), fc.string({ maxLength: 3 }));
  const mostly = <T,>(valid: fc.Arbitrary<T>) => fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: anyJsonValue, weight: 1 });
  const candidate = fc.record({
    peer_id: mostly(fc.integer({ min: -1, max: 101 })),
    message_type: mostly(fc.constantFrom('prepare', 'prepare_ack', 'accept', 'accept_ack', 'chose', 'prepare ack')),
    message_value: mostly(fc.oneof(fc.constant(null), fc.string({ minLength: 0, maxLength: 2, unit: 'binary' }))),
    proposal_num: mostly(fc.integer({ min: -1, max: 1000 })),
  });
  let accepted = 0;
  fc.assert(
    fc.property(candidate, fc.constantFrom('sent', 'received') as fc.Arbitrary<'sent' | 'received'>, (record, action) => {
      const decoded = decodeWireMessage(JSON.stringify(record));
      if ('error' in decoded) return true;
      accepted++;
      return validateLine(messageLine(action, decoded)) === true;
    }),
    { numRuns: 3000 },
  );
  t.ok(accepted > 100, `decoder accepted ${accepted} of 3000 candidates`);
});

t.test('the line splitter: lines across chunks, CRLF, and a cap on a line without newline', async (t) => {
  const splitter = new LineSplitter();
  t.same(splitter.push('{"a":'), []);
  t.same(splitter.push('1}\r\n{"b"'), ['{"a":1}']);
  t.same(splitter.push(':2}\n\n'), ['{"b":2}', '']);
  const flood = new LineSplitter();
  t.same(flood.push('x'.repeat(MAX_LINE_BYTES)), [], 'exactly the cap is still fine');
  t.match(flood.push('x'), { error: /more than 65536 bytes without a newline/ });
  const long = new LineSplitter();
  t.match(long.push('x'.repeat(MAX_LINE_BYTES + 1) + '\n'), { error: /line longer than 65536 bytes/ });
});
