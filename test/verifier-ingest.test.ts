// Ingest, one input form at a time: prefixes, colours, timestamps, Compose's
// own lines, line ends and BOM (also across chunk boundaries), reassembly of
// multi-line objects and 16 KiB pieces, per-peer files, stdin streams, and
// what the report says about each input.

import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { basename, join } from 'node:path';
import t from 'tap';
import { verify } from '../verifier/index.js';
import { Assembler, DOCKER_SPLIT_BYTES } from '../verifier/ingest/assemble.js';
import { splitLines } from '../verifier/ingest/lines.js';
import { peerOfFileName } from '../verifier/ingest/file-name.js';
import { classifyLine, prefixForms } from '../verifier/ingest/prefix.js';
import { topologyFromHostsfile } from '../verifier/scenarios/topology.js';
import type { RawRecord } from '../verifier/parse/record.js';
import { REPO, caseDirs } from './verifier-helpers.js';

const JSON_LINE = '{"peer_id":1,"action":"sent","message_type":"prepare","message_value":"X","proposal_num":101}';

t.test('container prefixes, colours and timestamps', async (t) => {
  const table: [label: string, line: string, container: string | null, payload: string][] = [
    ['Compose v2', `peer1-1  | ${JSON_LINE}`, 'peer1-1', JSON_LINE],
    ['Compose v1', `peer1_1  | ${JSON_LINE}`, 'peer1_1', JSON_LINE],
    ['container_name', `peer1  | ${JSON_LINE}`, 'peer1', JSON_LINE],
    ['v2 project', `lab4-peer1-1  | ${JSON_LINE}`, 'lab4-peer1-1', JSON_LINE],
    ['v1 project', `lab4_peer1_1  | ${JSON_LINE}`, 'lab4_peer1_1', JSON_LINE],
    ['v1 colours', `\u001b[36mpeer1_1  |\u001b[0m ${JSON_LINE}`, 'peer1_1', JSON_LINE],
    ['v2 colours', `\u001b[36mpeer1-1  | \u001b[0m${JSON_LINE}`, 'peer1-1', JSON_LINE],
    ['-t timestamp', `peer1-1  | 2026-11-05T10:00:10.100000000Z ${JSON_LINE}`, 'peer1-1', JSON_LINE],
    ['docker logs -t: timestamp, no prefix', `2026-11-05T10:00:10.123456789Z ${JSON_LINE}`, null, JSON_LINE],
    ['a timestamp with an offset', `2026-11-05T10:00:10+01:00 ${JSON_LINE}`, null, JSON_LINE],
    ['a date that is not a full timestamp stays', `2026-11-05 ${JSON_LINE}`, null, `2026-11-05 ${JSON_LINE}`],
    ['a bare number stays', '2026', null, '2026'],
    ['empty payload', 'peer1  |', 'peer1', ''],
    ['no prefix', JSON_LINE, null, JSON_LINE],
    ['a bar inside the JSON is not a prefix', '{"message_value":"|"}', null, '{"message_value":"|"}'],
    ['noise without prefix', 'listening on 3000', null, 'listening on 3000'],
  ];
  for (const [label, line, container, payload] of table) {
    const c = classifyLine(line);
    t.equal(c.kind, 'content', label);
    if (c.kind !== 'content') continue;
    t.equal(c.container, container, `${label}: container`);
    t.equal(c.payload, payload, `${label}: payload`);
  }
  t.ok((classifyLine(`peer1-1  | 2026-11-05T10:00:10Z ${JSON_LINE}`) as { timestamp: boolean }).timestamp, 'timestamp noticed');
  t.same(prefixForms('peer1-1', 'peer1'), ['compose-v2-prefix']);
  t.same(prefixForms('lab4_peer1_1', 'peer1'), ['compose-v1-prefix', 'project-prefix']);
  t.same(prefixForms('peer1', 'peer1'), ['container-name-prefix']);
});

t.test("Compose's own lines", async (t) => {
  const table: [line: string, container: string | null, code: number | null][] = [
    ['Attaching to peer1, peer2, peer3, peer4, peer5', null, null],
    ['peer1 exited with code 0', 'peer1', 0],
    ['peer3-1 exited with code 137', 'peer3-1', 137],
    ['\u001b[34mpeer5_1 exited with code 2', 'peer5_1', 2],
    ['\u001b[0m', null, null],
    ['Creating peer1 ... done', null, null],
    [' ✔ Container lab4-peer1-1  Created', null, null],
    ['Gracefully stopping... (press Ctrl+C again to force)', null, null],
  ];
  for (const [line, container, code] of table) {
    const c = classifyLine(line);
    t.equal(c.kind, 'meta', JSON.stringify(line));
    if (c.kind === 'meta') t.same([c.container, c.exitCode], [container, code]);
  }
});

async function collect(chunks: (string | Buffer)[]): Promise<{ lines: string[]; crlf: number; bom: boolean }> {
  const lines: string[] = [];
  let crlf = 0;
  let bom = false;
  for await (const batch of splitLines(Readable.from(chunks))) {
    lines.push(...batch.lines);
    crlf += batch.crlf;
    bom ||= batch.bom;
  }
  return { lines, crlf, bom };
}

t.test('line splitting: CRLF, BOM, chunk boundaries, no final newline', async (t) => {
  t.same(await collect(['a\r\nb\nc']), { lines: ['a', 'b', 'c'], crlf: 1, bom: false });
  t.same(await collect(['\ufeffa\n']), { lines: ['a'], crlf: 0, bom: true });
  const bytes = Buffer.from('\ufeffé\r\nx\n', 'utf8');
  t.same(await collect([bytes.subarray(0, 1), bytes.subarray(1, 4), bytes.subarray(4)]), { lines: ['é', 'x'], crlf: 1, bom: true }, 'BOM and a two-byte character cut across chunks');
  t.same((await collect(['a\rb\n'])).lines, ['a\rb'], 'a lone CR stays in its line (line numbers as sed counts them)');
  t.same((await collect(['\n\n'])).lines, ['', ''], 'blank lines are lines');
});

function assemble(pushes: [key: string, line: number, payload: string][]): RawRecord[] {
  const out: RawRecord[] = [];
  const assembler = new Assembler((r) => out.push(r));
  for (const [key, line, payload] of pushes) assembler.push(key, 'f', line, Number(key), payload);
  assembler.flush();
  return out;
}

t.test('objects spread over several lines are joined per peer', async (t) => {
  const out = assemble([
    ['1', 1, '{"peer_id":1, "action": "sent",'],
    ['2', 2, JSON_LINE],
    ['1', 3, '"message_type":"prepare",'],
    ['1', 4, '"message_value":"X",'],
    ['1', 5, '"proposal_num":101}'],
  ]);
  t.equal(out.length, 2);
  t.equal(out[0]!.line, 2, "the other peer's complete line is not held up");
  const joined = out[1]!;
  t.equal(joined.line, 1);
  t.same(joined.segments?.map((s) => s.line), [1, 3, 4, 5]);
  t.same(JSON.parse(joined.text), JSON.parse(JSON_LINE));
  const cut = assemble([['1', 1, '{"peer_id":1,'], ['1', 2, JSON_LINE]]);
  t.same(cut.map((r) => r.line), [1, 2], 'a new object ends an unfinished one');
});

t.test('a line the Docker daemon split at 16 KiB is joined', async (t) => {
  const long = `{"peer_id":1,${' '.repeat(20000)}"action":"sent","message_type":"prepare","message_value":"X","proposal_num":101}`;
  const out = assemble([['1', 7, long.slice(0, DOCKER_SPLIT_BYTES)], ['2', 8, JSON_LINE], ['1', 9, long.slice(DOCKER_SPLIT_BYTES)]]);
  t.equal(out.length, 2);
  const joined = out.find((r) => r.line === 7)!;
  t.equal(joined.text, long);
  t.equal(joined.fragments, 2);
  const exact = 'x'.repeat(DOCKER_SPLIT_BYTES - 1);
  t.equal(assemble([['1', 1, exact], ['1', 2, 'y']]).length, 2, 'a piece one byte short is a whole line');
});

t.test('a 16 KiB line that does not open an unfinished object is a line of its own: the next line is not swallowed', async (t) => {
  const noise = 'a'.repeat(DOCKER_SPLIT_BYTES);
  t.same(assemble([['1', 1, noise], ['1', 2, JSON_LINE]]).map((r) => [r.line, r.text === JSON_LINE]), [[1, false], [2, true]], 'debug text of exactly 16384 bytes');
  const whole = `{"peer_id":1,"pad":"${'p'.repeat(DOCKER_SPLIT_BYTES - 22)}"}`;
  t.equal(Buffer.byteLength(whole), DOCKER_SPLIT_BYTES);
  t.equal(assemble([['1', 1, whole], ['1', 2, JSON_LINE]]).length, 2, 'a complete object of exactly 16384 bytes');
  const opened = `{${'a'.repeat(DOCKER_SPLIT_BYTES - 1)}`;
  t.equal(assemble([['1', 1, opened], ['1', 2, '"}']]).length, 1, 'the start of an object that does not parse alone still continues');
});

t.test('what the report says about each input form', async (t) => {
  const expectations: Record<string, { forms: string[]; printerSource: string }> = {
    'form-compose-v2-project-colour-timestamps': { forms: ['compose-v2-prefix', 'project-prefix', 'ansi-colour', 'timestamps', 'compose-meta-lines'], printerSource: 'prefix' },
    'form-v1-project-bom-crlf': { forms: ['compose-v1-prefix', 'project-prefix', 'bom', 'crlf'], printerSource: 'prefix' },
    'form-no-log-prefix': { forms: ['no-prefix'], printerSource: 'inferred' },
    'form-per-peer-files-timestamps': { forms: ['per-peer-file', 'timestamps'], printerSource: 'file-name' },
    'form-split-16k': { forms: ['container-name-prefix', 'split-16k-lines'], printerSource: 'prefix' },
    'one-line-two-lines': { forms: ['multi-line-objects'], printerSource: 'prefix' },
    'noise-coloured-debug': { forms: ['non-json-noise'], printerSource: 'prefix' },
  };
  const cases = caseDirs(join(REPO, 'fixtures/broken'));
  for (const [name, expected] of Object.entries(expectations)) {
    const c = cases.find((x) => x.name === name)!;
    const report = await verify(c.inputs.map((path) => ({ path })), { scenario: c.expected.scenario, profile: c.expected.profile });
    const input = report.inputs[0]!;
    for (const form of expected.forms) t.ok(input.forms.includes(form as never), `${name}: ${form}`);
    t.equal(input.printerSource, expected.printerSource, `${name}: printers from ${expected.printerSource}`);
  }
  const inferred = await verify([{ path: join(REPO, 'fixtures/broken/form-no-log-prefix/input.log') }], { scenario: 'tc2' });
  t.match(inferred.inputs[0]!.notes.join(' '), /printers inferred/, 'the report says the printers were inferred');
  t.same(inferred.stats.peers, [1, 2, 3, 4, 5]);
});

t.test('-t timestamps without a prefix (docker compose logs -t --no-log-prefix) are cut off', async (t) => {
  const plain = readFileSync(join(REPO, 'fixtures/broken/form-no-log-prefix/input.log'), 'utf8');
  const stamped = plain.split('\n').map((l, i) => (l === '' ? l : `2026-11-05T10:00:${String(10 + Math.floor(i / 100)).padStart(2, '0')}.${String(i).padStart(9, '0')}Z ${l}`)).join('\n');
  const report = await verify([{ text: stamped, name: 'merged.log' }], { scenario: 'tc2' });
  t.same(report.findings.filter((f) => f.severity !== 'info').map((f) => f.message), [], 'no findings');
  t.equal(report.verdict, 'pass');
  t.ok(report.inputs[0]!.forms.includes('timestamps'));
});

t.test('one file per peer: printer from the file name, read side by side', async (t) => {
  const c = caseDirs(join(REPO, 'fixtures/broken')).find((x) => x.name === 'form-per-peer-files')!;
  const report = await verify(c.inputs.map((path) => ({ path })), { scenario: 'tc1' });
  t.equal(report.verdict, 'pass');
  t.same(report.inputs.map((i) => [i.printerSource, i.peers]), [['file-name', [1]], ['file-name', [2]], ['file-name', [3]], ['file-name', [4]]]);
  t.ok(report.inputs.every((i) => i.forms.includes('per-peer-file')));
  const nested = await verify([{ text: '{"peer_id":3,"action":"sent","message_type":"prepare_ack","message_value":null,"proposal_num":0}\n', name: 'tc1/peer3.txt' }], { scenario: 'tc1' });
  t.same(nested.inputs[0]!.peers, [3], 'tc1/peer3.txt is peer3');
});

t.test('a peer named anywhere in a file name, as a word; a name naming two peers names none', async (t) => {
  const topology = topologyFromHostsfile(readFileSync(join(REPO, 'compose/testcase2/hostsfile-testcase2.txt'), 'utf8'));
  const table: [name: string, peer: number | null][] = [
    ['peer3.log', 3], ['tc1/peer3.txt', 3], ['lab4-peer3-1.log', 3], ['peer5-stdout.log', 5], ['tc2-peer5.log', 5],
    ['peer_5.txt', 5], ['peer-5.log', 5], ['PEER5.LOG', 5], ['run.peer4.out', 4], ['peer1-peer1.log', 1],
    ['out1.log', null], ['stdout-4.log', null], ['tc2.log', null], ['run-2.log', null], ['peer1-vs-peer5.log', null], ['peer0.log', null],
    ['peer3/stdout.log', null],
  ];
  for (const [name, peer] of table) t.equal(peerOfFileName(name, topology), peer, name);
});

t.test('per-peer files under any name: a recognised name, else the peer_id of the sent and chose lines', async (t) => {
  const c = caseDirs(join(REPO, 'fixtures/broken')).find((x) => x.name === 'form-per-peer-files-odd-names')!;
  const report = await verify(c.inputs.map((path) => ({ path })));
  t.equal(report.scenario.name, 'tc2', 'auto recognises testcase 2');
  t.same(report.findings.map((f) => f.message), [], 'no findings');
  const byName = Object.fromEntries(report.inputs.map((i) => [basename(i.name), [i.printerSource, i.peers]]));
  t.same(byName, {
    'out1.log': ['inferred', [1]], 'peer5-stdout.log': ['file-name', [5]], 'peer_2.txt': ['file-name', [2]],
    'stdout-4.log': ['inferred', [4]], 'tc2-peer3.log': ['file-name', [3]],
  });
  t.match(report.inputs.find((i) => i.name.endsWith('out1.log'))!.notes.join(' '), /all its lines are taken as peer1's/);
  const brokenChose = readFileSync(join(c.dir, 'out1.log'), 'utf8').replace(/^.*"action":"chose".*$/m, '{"peer_id":1,"action":"chose" "message_type":"chose"}');
  const unreadable = await verify([{ text: brokenChose, name: 'out1.log' }, ...c.inputs.filter((p) => !p.endsWith('out1.log')).map((path) => ({ path }))]);
  t.same(unreadable.findings.filter((f) => f.ruleId === 'run/termination').map((f) => [f.severity, f.peer]), [['info', 'peer1']],
    'an unreadable line of such a file is that peer\'s: its missing chose may be there');
});

t.test('printers that cannot be worked out: one clear finding, never a guessed peer', async (t) => {
  const none = await verify([{ text: readFileSync(join(REPO, 'fixtures/broken/form-per-peer-files/peer1.log'), 'utf8').split('\n').filter((l) => l.includes('"received"')).join('\n'), name: 'out.log' }], { scenario: 'tc1' });
  const unknown = none.findings.filter((f) => f.ruleId === 'input/printer-unknown');
  t.same(unknown.map((f) => [f.messageId, f.severity, f.peer]), [['file', 'error', null]], 'one error for the file');
  t.match(unknown[0]!.message, /could not tell which peer printed the 6 unprefixed transcript line\(s\) of out\.log: .*left out of the check/);
  t.equal(none.inputs[0]!.printerSource, 'none');
  t.notMatch(JSON.stringify(none), /peer0/, 'no peer0 anywhere');

  const orphan = await verify([{ path: join(REPO, 'fixtures/broken/form-no-log-prefix-receive-never-sent/input.log') }], { scenario: 'tc1' });
  t.same(orphan.findings.map((f) => [f.ruleId, f.line, f.peer]), [['input/printer-unknown', 8, null]],
    'the receive no peer sent takes no other acceptor\'s reply: no silent-peer, quorum or reply findings follow from it');
  t.match(orphan.findings[0]!.message, /received accept\(105, Y\) from peer5: peer5 never printed sending it/);

  const printerIds = await verify([{ path: join(REPO, 'fixtures/broken/form-no-log-prefix-printer-ids/input.log') }], { scenario: 'tc1', profile: 'lenient' });
  t.same(printerIds.findings.map((f) => f.ruleId), ['pairing/peer-id-convention'], 'the convention, once');
  t.notMatch(JSON.stringify(printerIds), /peer0/);
  t.match(printerIds.inputs[0]!.notes.join(' '), /peer_id is taken as the printing peer on every line/);
});

t.test('exit codes are recorded and a non-zero one reported', async (t) => {
  const c = caseDirs(join(REPO, 'fixtures/broken')).find((x) => x.name === 'exit-code-nonzero')!;
  const report = await verify([{ path: c.inputs[0]! }], { scenario: 'tc1' });
  t.same(report.inputs[0]!.exitCodes, { 1: 0, 4: 2 });
  t.same(report.findings.filter((f) => f.ruleId === 'input/exit-code').map((f) => [f.peer, f.severity, f.message]), [['peer4', 'warning', 'peer4 exited with code 2']]);
});

t.test('a stream (stdin) is an input like a file', async (t) => {
  const text = readFileSync(join(REPO, 'fixtures/golden/local-tc1.log'));
  const half = Math.floor(text.length / 2);
  const report = await verify([{ stream: Readable.from([text.subarray(0, half), text.subarray(half)]), name: '<stdin>' }], { scenario: 'tc1' });
  t.equal(report.verdict, 'pass');
  t.equal(report.inputs[0]!.name, '<stdin>');
});
