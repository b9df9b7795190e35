// Whatever it is fed, the verifier answers: random bytes, random lines, and
// random mutations of the golden transcripts (lines dropped, duplicated,
// swapped, values and numbers changed, JSON cut short). It never throws,
// never hangs, and always returns a report (for an empty input, one saying
// there was no input); a sample goes through the real CLI, which must exit
// 0 or 1 with a report on stdout (2 for an empty input).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import t from 'tap';
import schema from '../schemas/report.schema.json' with { type: 'json' };
import { verify } from '../verifier/index.js';
import type { Report } from '../verifier/types.js';
import { REPO, runCli } from './verifier-helpers.js';

const validate = new Ajv2020().compile(schema);
const GOLDEN = readdirSync(join(REPO, 'fixtures/golden'))
  .filter((f) => f.endsWith('.log'))
  .map((f) => readFileSync(join(REPO, 'fixtures/golden', f), 'utf8').split('\n'));

/** verify() with a deadline, so a hang fails the property instead of the whole run. */
async function verifyWithin(input: string | Uint8Array, options: { scenario?: string; profile?: 'strict' | 'lenient' } = {}): Promise<Report> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('verify took more than 10 s')), 10000);
  });
  try {
    return await Promise.race([verify([{ text: input, name: 'fuzz.log' }], options), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** True when the input has no line at all, or only lines of white space: nothing was printed. */
function nothingPrinted(input: string | Uint8Array): boolean {
  const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
  return text.split('\n').every((line) => line.trim() === '');
}

/** A report that judged the run; or, for an input with nothing printed, the one that says so instead. */
function sound(report: Report, input: string | Uint8Array): boolean {
  if (nothingPrinted(input)) return validate(report) && /^no input: (0 lines|only \d+ blank lines?) read from fuzz\.log; did the run print anything\?$/.test(report.fatal ?? '');
  return validate(report) && report.fatal === null && (report.verdict === 'pass' || report.verdict === 'fail');
}

const PREFIXES = ['peer1  | ', 'peer2_1  | ', 'peer3-1  | ', 'lab4-peer5-1  | ', '\u001b[36mpeer4_1  |\u001b[0m ', '', 'peer9  | ', 'x | '];
const FIELDS = fc.record({
  peer_id: fc.oneof(fc.integer({ min: -1, max: 7 }), fc.constantFrom('1', 'x', null)),
  action: fc.constantFrom('sent', 'received', 'chose', 'chosen', 'nope'),
  message_type: fc.constantFrom('prepare', 'prepare_ack', 'accept', 'accept_ack', 'chose', 'prepare ack'),
  message_value: fc.constantFrom('X', 'Y', null, '', '\u0000', 'XY'),
  proposal_num: fc.oneof(fc.integer({ min: -5, max: 1000 }), fc.constantFrom(1.5, '1.5', 0.1, 1e300)),
});
const LINE = fc.oneof(
  fc.tuple(fc.constantFrom(...PREFIXES), FIELDS).map(([p, f]) => p + JSON.stringify(f)),
  fc.tuple(fc.constantFrom(...PREFIXES), fc.string({ maxLength: 60 })).map(([p, s]) => p + s),
  fc.tuple(fc.constantFrom(...PREFIXES), fc.json()).map(([p, j]) => p + j),
  fc.constantFrom('Attaching to peer1, peer2', 'peer3 exited with code 137', '\u001b[0m', '{', '}', '"message_type":"prepare",'),
);

t.test('random bytes', async () => {
  await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), async (bytes) => sound(await verifyWithin(bytes), bytes)), { numRuns: 150 });
});

t.test('random lines in every prefix form', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(LINE, { maxLength: 80 }), fc.constantFrom('strict', 'lenient'), fc.constantFrom('tc1', 'tc2', 'auto'),
      async (lines, profile, scenario) => {
        const text = lines.join('\n');
        return sound(await verifyWithin(text, { profile: profile as 'strict' | 'lenient', scenario }), text);
      }),
    { numRuns: 200 },
  );
});

const MUTATION = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('value' as const), at: fc.nat(), to: fc.constantFrom('"Y"', '"X"', 'null', '"Z"') }),
  fc.record({ kind: fc.constant('number' as const), at: fc.nat(), to: fc.integer({ min: 0, max: 400 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat(), keep: fc.nat() }),
);

type Mutation = { kind: string; at: number; to?: string | number; keep?: number };

function mutate(lines: string[], mutations: Mutation[]): string[] {
  const out = [...lines];
  for (const m of mutations) {
    if (out.length === 0) break;
    const i = m.at % out.length;
    const l = out[i]!;
    if (m.kind === 'drop') out.splice(i, 1);
    else if (m.kind === 'duplicate') out.splice(i, 0, l);
    else if (m.kind === 'swap' && i + 1 < out.length) [out[i], out[i + 1]] = [out[i + 1]!, l];
    else if (m.kind === 'value') out[i] = l.replace(/"message_value":(null|"[^"]*")/, `"message_value":${String(m.to)}`);
    else if (m.kind === 'number') out[i] = l.replace(/"proposal_num":\d+/, `"proposal_num":${String(m.to)}`);
    else if (m.kind === 'truncate') out[i] = l.slice(0, (m.keep ?? 0) % (l.length + 1));
  }
  return out;
}

t.test('mutations of the golden transcripts', async () => {
  await fc.assert(
    fc.asyncProperty(fc.nat(GOLDEN.length - 1), fc.array(MUTATION, { maxLength: 6 }), async (which, mutations) => {
      const lines = GOLDEN[which]!;
      const text = mutate(lines, mutations).join('\n');
      const report = await verifyWithin(text);
      // Unchanged, a golden run passes; changed, the answer is still a sound report.
      return sound(report, text) && (mutations.length > 0 || report.verdict === 'pass');
    }),
    { numRuns: 200 },
  );
});

t.test('a sample through the real CLI: exit 0, 1 or 2, with a report', async (t) => {
  const samples = fc.sample(fc.oneof(fc.array(LINE, { maxLength: 40 }).map((l) => l.join('\n')), fc.uint8Array({ maxLength: 500 }).map((b) => Buffer.from(b))), { numRuns: 12, seed: 42 });
  for (const [i, input] of samples.entries()) {
    const { code, stdout, stderr } = await runCli(['--format', 'json', '-'], { stdin: input });
    const empty = nothingPrinted(input);
    t.ok(empty ? code === 2 : code === 0 || code === 1, `sample ${i}: exit ${code}${empty ? ' (nothing printed)' : ''}`);
    t.ok(validate(JSON.parse(stdout)), `sample ${i}: a valid report`);
    if (empty) t.match(stderr, /^paxos-verify: no input: .* read from <stdin>; did the run print anything\?\n$/, `sample ${i}: stderr`);
    else t.equal(stderr, '', `sample ${i}: stderr`);
  }
  const unreadable = await runCli(['--format', 'json', 'no/such/file']);
  t.equal(unreadable.code, 2, 'exit 2 when it cannot run, still with a report');
  t.ok(validate(JSON.parse(unreadable.stdout)));
});
