// The diagram page without a browser: the one escaping function, the layout's
// causal order (property-based), dangling sends and receives, and the cap.

import fc from 'fast-check';
import t from 'tap';
import { escapeHtml } from '../verifier/report/html/escape.js';
import { layoutRun } from '../verifier/report/html/layout.js';
import type { DiagramEvent, DiagramMessage, DiagramRun } from '../verifier/report/html/model.js';
import { renderRunPage } from '../verifier/report/html/render.js';

t.test('escapeHtml: markup characters and control characters', async (t) => {
  t.equal(escapeHtml('<script>alert("x")</script>'), '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  t.equal(escapeHtml(`"><img src=x onerror='y'>`), '&quot;&gt;&lt;img src=x onerror=&#39;y&#39;&gt;');
  t.equal(escapeHtml('a & b'), 'a &amp; b');
  t.equal(escapeHtml('\u001b[31mred\u0000'), '\\u001b[31mred\\u0000');
  t.equal(escapeHtml('tab\tand\nnewline'), 'tab\tand\nnewline');
  t.equal(escapeHtml('\uffff\ufffe\ufdd0 lone \ud800'), '\\uffff\\ufffe\\ufdd0 lone \\ud800', 'noncharacters and lone surrogates');
  t.equal(escapeHtml('Zoë 李 😀'), 'Zoë 李 😀');
});

t.test('escapeHtml output never contains a raw markup character', async (t) => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), (s) => {
      const out = escapeHtml(s);
      return !/[<>"']/.test(out) && !/&(?!(amp|lt|gt|quot|#39);)/.test(out);
    }),
  );
  t.pass('checked');
});

/** A random run: each message sent on one lane and received later on another. */
const runArb = fc
  .array(fc.record({ from: fc.integer({ min: 1, max: 5 }), to: fc.integer({ min: 1, max: 5 }), delay: fc.nat(6) }), { maxLength: 60 })
  .map((plan) => {
    const events: DiagramEvent[] = [];
    const messages: DiagramMessage[] = [];
    const seq = new Map<number, number>();
    const pending: { at: number; printer: number; send: DiagramEvent }[] = [];
    const add = (printer: number, action: DiagramEvent['action']): DiagramEvent => {
      const e: DiagramEvent = { id: events.length, printer, seq: seq.get(printer) ?? 0, action, type: 'prepare', value: 'X', n: 101, file: 'f', line: events.length + 1, raw: null };
      seq.set(printer, e.seq + 1);
      events.push(e);
      return e;
    };
    plan.forEach((step, i) => {
      pending.push({ at: i + step.delay, printer: step.to, send: add(step.from, 'sent') });
      for (const p of pending.filter((x) => x.at <= i)) {
        messages.push({ sendId: p.send.id, receiveId: add(p.printer, 'received').id });
        pending.splice(pending.indexOf(p), 1);
      }
    });
    return { events, messages };
  });

t.test('layout: every receive sits below its send, and each lane goes down', async (t) => {
  fc.assert(
    fc.property(runArb, ({ events, messages }) => {
      const layout = layoutRun([1, 2, 3, 4, 5], events, messages);
      if (layout.placed.length !== events.length || layout.backwards.size !== 0) return false;
      for (const m of messages) if (layout.byId.get(m.receiveId)!.row <= layout.byId.get(m.sendId)!.row) return false;
      const lastRow = new Map<number, number>();
      for (const e of [...events].sort((a, b) => a.seq - b.seq)) {
        const row = layout.byId.get(e.id)!.row;
        if (row <= (lastRow.get(e.printer) ?? -1)) return false;
        lastRow.set(e.printer, row);
      }
      return true;
    }),
  );
  t.pass('checked');
});

t.test('layout: a causality cycle is broken, every event still placed', async (t) => {
  // peer1 receives before it sends what peer2 received before sending what peer1 received.
  const ev = (id: number, printer: number, seq: number, action: DiagramEvent['action']): DiagramEvent =>
    ({ id, printer, seq, action, type: 'accept', value: 'X', n: 101, file: 'f', line: id + 1, raw: null });
  const events = [ev(0, 1, 0, 'received'), ev(1, 1, 1, 'sent'), ev(2, 2, 0, 'received'), ev(3, 2, 1, 'sent')];
  const messages = [{ sendId: 3, receiveId: 0 }, { sendId: 1, receiveId: 2 }];
  const layout = layoutRun([1, 2], events, messages);
  t.equal(layout.placed.length, 4);
  t.equal(layout.backwards.size, 1, 'one arrow drawn upwards');
});

function run(events: DiagramEvent[], messages: DiagramMessage[]): DiagramRun {
  return { title: 't', verdict: 'fail', summary: 's', peers: [1, 2, 3], roles: { 1: ['proposer1'] }, events, messages, findings: [] };
}

t.test('unmatched sends and receives are drawn dangling; matched ones as arrows', async (t) => {
  const ev = (id: number, printer: number, action: DiagramEvent['action']): DiagramEvent =>
    ({ id, printer, seq: id, action, type: 'prepare', value: 'X', n: 101, file: 'f', line: id + 1, raw: '{}' });
  const events = [ev(0, 1, 'sent'), ev(1, 2, 'received'), ev(2, 1, 'sent'), ev(3, 3, 'received'), ev(4, 1, 'chose')];
  const page = renderRunPage(run(events, [{ sendId: 0, receiveId: 1 }]));
  t.same(page.drawn, { events: 5, arrows: 1, danglingSends: 1, danglingReceives: 1, betweenEvents: 0, cappedFrom: null });
  t.equal(page.html.match(/<line class="msg /g)?.length, 1);
  t.match(page.html, /class="dangling dangling-send"/);
  t.match(page.html, /class="dangling dangling-receive"/);
  t.match(page.html, /class="chose"/);
});

t.test('the page is self-contained: no external resource, a CSP that forbids any', async (t) => {
  const page = renderRunPage(run([], []));
  t.notMatch(page.html, /\b(src|href)="(https?:)?\/\//, 'no external URL');
  t.notMatch(page.html, /<link\b/);
  t.match(page.html, /Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-/);
});

t.test('beyond the cap the page draws the first events and says so', async (t) => {
  const events: DiagramEvent[] = Array.from({ length: 30 }, (_, i) =>
    ({ id: i, printer: (i % 3) + 1, seq: Math.floor(i / 3), action: 'sent', type: 'prepare', value: 'X', n: 101, file: 'f', line: i + 1, raw: null }));
  const page = renderRunPage(run(events, []), { maxEvents: 10 });
  t.equal(page.drawn.events, 10);
  t.equal(page.drawn.cappedFrom, 30);
  t.match(page.html, /This run has 30 events; the diagram shows the first 10/);
});

t.test('a finding on a line that is no event is drawn on its peer\'s lane, between the events around it', async (t) => {
  const ev = (id: number, printer: number, line: number): DiagramEvent =>
    ({ id, printer, seq: id, action: 'sent', type: 'prepare', value: 'X', n: 101, file: 'tc1.log', line, raw: '{}' });
  const events = [ev(0, 1, 1), ev(1, 2, 2), ev(2, 1, 5)];
  const finding = (line: number, peer: string | null) => ({
    ruleId: 'syntax/json', severity: 'error' as const, message: `bad line ${line}`, hint: 'h', file: 'tc1.log', line, peer, eventId: null, occurrences: 1,
  });
  const page = renderRunPage({ ...run(events, []), findings: [finding(3, 'peer1'), finding(4, null), finding(9, 'peer2')] });
  t.equal(page.drawn.betweenEvents, 2, 'the two findings with a peer are drawn; the one without stays in the list');
  const y = (id: number): number => Number(new RegExp(`id="ev-${id}"[^]*?<circle class="dot" cx="[\\d.]+" cy="([\\d.]+)"`).exec(page.html)![1]);
  const mark = (n: number): { x: number; y: number } => {
    const m = new RegExp(`id="lf-${n}"[^]*?<path d="M([\\d.]+) ([\\d.]+)L`).exec(page.html)!;
    return { x: Number(m[1]) + 5, y: Number(m[2]) + 5 };
  };
  const between = mark(0);
  t.ok(between.y > y(0) && between.y < y(2), `line 3 is drawn between peer1's lines 1 and 5 (${y(0)} < ${between.y} < ${y(2)})`);
  t.ok(mark(1).y > y(1), 'line 9 is drawn after peer2\'s last event');
  t.match(page.html, /<a href="#lf-0">tc1\.log:3<\/a>/, 'the list links to the mark');
  t.match(page.html, /<li class="sev-error">tc1\.log:4 /, 'the finding without a peer is listed, not linked');
  t.equal(page.html.match(/class="note"/g)?.length, 2, 'each drawn finding has its note beside the diagram');
});
