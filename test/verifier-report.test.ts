// The reports: JSON valid against schemas/report.schema.json for every case,
// TAP that a TAP parser reads (one point per rule), compiler-style text with
// a summary line; and student text never reaching the terminal raw.

import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { Parser } from 'tap-parser';
import t from 'tap';
import schema from '../schemas/report.schema.json' with { type: 'json' };
import { renderJson, renderTap, renderText, verify } from '../verifier/index.js';
import type { Report } from '../verifier/types.js';
import { REPO, caseDirs, runCli } from './verifier-helpers.js';

const validate = new Ajv2020({ allErrors: true }).compile(schema);
const cases = [...caseDirs(join(REPO, 'fixtures/cases')), ...caseDirs(join(REPO, 'fixtures/broken'))];

async function reportOf(c: (typeof cases)[number]): Promise<Report> {
  return verify(c.inputs.map((path) => ({ path })), { scenario: c.expected.scenario, profile: c.expected.profile });
}

t.test('the JSON report of every case matches its schema, and round-trips', async (t) => {
  for (const c of cases) {
    const report = await reportOf(c);
    const parsed = JSON.parse(renderJson(report)) as unknown;
    t.ok(validate(parsed), `${c.name}${validate.errors ? `: ${JSON.stringify(validate.errors[0])}` : ''}`);
    t.same(parsed, report);
  }
  const fatal = await verify([{ path: join(REPO, 'no/such/file.log') }]);
  t.ok(validate(JSON.parse(renderJson(fatal))), 'a could-not-run report too');
  t.match(fatal.fatal, /cannot read .*no such file/);
});

t.test('counts agree with the findings', async (t) => {
  for (const c of cases) {
    const report = await reportOf(c);
    const occurrences = (severity: string) => report.findings.filter((f) => f.severity === severity).reduce((n, f) => n + f.occurrences, 0);
    if (report.counts.omitted === 0) {
      t.equal(report.counts.error, occurrences('error'), `${c.name}: errors`);
      t.equal(report.counts.warning, occurrences('warning'), `${c.name}: warnings`);
      for (const severity of ['error', 'warning', 'info'] as const) {
        t.equal(report.counts.findings[severity], report.findings.filter((f) => f.severity === severity).length, `${c.name}: ${severity} findings`);
      }
    }
    t.equal(report.verdict, report.counts.error > 0 ? 'fail' : 'pass');
    t.same(report.rules.filter((r) => r.outcome === 'fail').map((r) => r.id).sort(), [...new Set(report.findings.filter((f) => f.severity === 'error').map((f) => f.ruleId))].sort());
  }
});

function parseTap(text: string): Promise<{ ok: boolean; count: number; pass: number; fail: number; plan: { end: number } }> {
  return new Promise((resolve) => {
    const parser = new Parser((results) => resolve(results as never));
    parser.end(text);
  });
}

t.test('TAP: one test point per rule, failing exactly where an error is', async (t) => {
  for (const c of cases.slice(0, 12)) {
    const report = await reportOf(c);
    const tap = renderTap(report);
    const results = await parseTap(tap);
    t.equal(results.count, report.rules.length, `${c.name}: one point per rule`);
    t.equal(results.fail, report.rules.filter((r) => r.outcome === 'fail').length, `${c.name}: failing points`);
    t.equal(results.ok, report.verdict === 'pass', `${c.name}: TAP verdict`);
    t.match(tap, /^# (PASS|FAIL) /m, 'summary line');
  }
  const fatal = renderTap(await verify([{ path: join(REPO, 'no/such/file.log') }]));
  t.match(fatal, /^Bail out! cannot read/m);
});

t.test('text: file:line peer severity rule-id message, hint indented, summary with counts', async (t) => {
  const c = cases.find((x) => x.name === 'bad-accept-before-quorum')!;
  const text = renderText(await reportOf(c));
  t.match(text, /input\.log:11 peer1 error proposer\/quorum-prepare peer1 sent accept\(101, X\) after 1 prepare_ack/);
  t.match(text, /\n {4}hint: /);
  t.match(text, /FAIL tc1 \(given with --scenario\), strict profile: 1 error, 0 warnings, 0 notes; 25 lines from 1 input/);
  t.notMatch(text, /\u001b/, 'no colour unless asked');
  t.match(renderText(await reportOf(c), { colour: true }), /\u001b\[31merror/, 'colour when asked');
});

t.test('the summary counts each finding once, with the lines it covers', async (t) => {
  const variant = cases.find((x) => x.name === 'variant-decimal-proposal-lenient')!;
  const report = await reportOf(variant);
  t.match(renderText(report), /lenient profile: 0 errors, 1 warning seen on 44 lines, 0 notes;/, 'one variant, named once, on 44 lines');
  t.match(renderTap(report), /^# PASS .* 1 warning seen on 44 lines/m, 'TAP shares the summary line');
  const quorum = renderText(await reportOf(cases.find((x) => x.name === 'bad-accept-before-quorum')!));
  t.match(quorum, /strict profile: 1 error, 0 warnings, 0 notes;/, 'no brackets when each finding is one line');
});

t.test('a syntax error\'s column counts in the file line (prefix included), the same in text, TAP and JSON', async (t) => {
  const c = cases.find((x) => x.name === 'bad-json-missing-comma')!;
  const report = await reportOf(c);
  const syntax = report.findings.find((f) => f.ruleId === 'syntax/json')!;
  // peer1  | {"peer_id":1 "action": ...: the quote that needs a comma before it is character 23 of line 24.
  t.same([syntax.line, syntax.column], [24, 23], 'JSON');
  t.match(syntax.message, /^line 24, column 23: /);
  t.match(renderText(report), /input\.log:24:23 peer1 error syntax\/json/, 'text');
  t.match(renderTap(report), /at: .*input\.log:24:23/, 'TAP');
});

t.test('terminal escape codes from the input never reach the terminal raw', async (t) => {
  const hostile = [
    'peer1  | alert: \u001b[31mred\u001b[0m',
    'peer2  | {"peer_id":2,"action":"sent","message_type":"prepare_ack","message_value":"\u001b","proposal_num":0}',
    'peer3  | {"peer_id":3,"action":"\u001b]0;pwned\u0007","message_type":"x\u009b2J","message_value":null,"proposal_num":0}',
    'peer4  | \\u001b[31m spelled out',
  ].join('\n');
  const report = await verify([{ text: hostile, name: 'evil\u001b[2J.log' }], { scenario: 'tc1' });
  const outputs = { text: renderText(report), tap: renderTap(report), json: renderJson(report) };
  for (const [format, out] of Object.entries(outputs)) {
    t.notMatch(out, /[\u001b\u0007\u009b]/, `${format}: no raw ESC, BEL or CSI`);
  }
  t.match(outputs.text, /alert: \\u001b\[31mred/, 'rendered as \\u001b');
  const cli = await runCli(['--scenario', 'tc1', '-'], { stdin: hostile });
  t.equal(cli.code, 1);
  t.notMatch(cli.stdout, /\u001b/, 'the CLI text report has no raw ESC either');
});
