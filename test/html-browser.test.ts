// The diagram page in a real headless Chromium: it loads with no console
// error and no network, draws one arrow per matched message of the run model,
// shows the raw line and file:line of a keyboard-focused event, renders
// hostile transcript text as text, and stays usable past the event cap.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';
import type { Page } from 'playwright-core';
import { analyse } from '../verifier/index.js';
import { renderHtml, renderRunPage, MAX_DIAGRAM_EVENTS, type DiagramEvent, type DiagramMessage } from '../verifier/report/html/index.js';
import { browserMissing, withBrowser } from './html-browser-harness.js';
import { goldenTc2, repoRoot, tempDir } from './grade-helpers.js';

const missing = browserMissing();
if (missing !== null && process.env['CI']) throw new Error(`browser tests need Chromium under CI: ${missing}`);

/** Screenshots land here for a person to look at after the run. */
const shots = path.join(repoRoot, 'out', 'screenshots');

interface Watched {
  consoleErrors: string[];
  dialogs: string[];
  requests: string[];
}

async function open(page: Page, file: string): Promise<Watched> {
  const watched: Watched = { consoleErrors: [], dialogs: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') watched.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => watched.consoleErrors.push(e.message));
  page.on('dialog', (d) => {
    watched.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) watched.requests.push(r.url());
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return watched;
}

const dir = tempDir('html');

t.test('a real tc2 run: loads cleanly, one arrow per matched message, focus shows the raw line', { skip: missing ?? false }, async (t) => {
  const { report, run } = await analyse([{ path: goldenTc2, name: 'tc2.log' }], { scenario: 'tc2', keepRun: true });
  t.ok(run, 'the verifier kept the run');
  const file = path.join(dir, 'tc2.html');
  writeFileSync(file, renderHtml(report, run, 'golden tc2'));
  await withBrowser(async (context) => {
    const page = await context.newPage();
    const watched = await open(page, file);
    t.same(watched.consoleErrors, [], 'no console errors');
    t.same(watched.requests, [], 'no network requests');
    t.equal(await page.locator('svg#diagram line.msg').count(), run!.messages.length, 'arrows = matched messages');
    t.ok(run!.messages.length > 0);
    t.equal(await page.locator('svg#diagram .ev').count(), run!.events.length, 'one mark per event');
    t.equal(await page.locator('.chose').count(), run!.events.filter((e) => e.action === 'chose').length, 'chose marked');

    // Keyboard only: Tab reaches the first event, and the panel shows its line.
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.classList.contains('ev') ?? false)) break;
    }
    const focusedId = await page.evaluate(() => document.activeElement?.getAttribute('data-id') ?? null);
    t.not(focusedId, null, 'an event took the keyboard focus');
    const event = run!.events.find((e) => String(e.id) === focusedId)!;
    t.equal(await page.locator('#info-raw').textContent(), event.raw, 'the panel shows the raw line');
    t.equal(await page.locator('#info-loc').textContent(), `${event.file}:${event.line}`, 'and its file:line');

    // Hovering another event shows that one.
    const other = run!.events[run!.events.length - 1]!;
    await page.locator(`#ev-${other.id}`).hover();
    t.equal(await page.locator('#info-loc').textContent(), `${other.file}:${other.line}`);

    mkdirSync(shots, { recursive: true });
    const shot = path.join(shots, 'html-tc2.png');
    await page.screenshot({ path: shot, fullPage: true });
    t.pass(`screenshot: ${path.relative(repoRoot, shot)}`);
  });
});

t.test('a broken run: findings drawn in red at their event, unmatched receives dangle', { skip: missing ?? false }, async (t) => {
  const input = path.join(repoRoot, 'fixtures', 'class-example', 'bob', 'testcase2.txt');
  const { report, run } = await analyse([{ path: input, name: 'testcase2.txt' }], { scenario: 'tc2', keepRun: true });
  const orphan = run!.events.find((e) => e.action === 'received')!;
  // Drop one matched pair from the model: its receive must then be drawn dangling.
  const messages = run!.messages.filter((m) => m.receive !== orphan.id);
  const file = path.join(dir, 'bob.html');
  writeFileSync(file, renderHtml(report, { ...run!, messages }, 'bob tc2'));
  await withBrowser(async (context) => {
    const page = await context.newPage();
    const watched = await open(page, file);
    t.same(watched.consoleErrors, []);
    t.equal(await page.locator('line.msg').count(), messages.length);
    t.equal(await page.locator('.dangling-receive').count(), 1, 'the unmatched receive dangles');
    t.equal(await page.locator('.dangling-send').count(), 1, 'and so does the send it no longer matches');
    // A finding is drawn at its event, or at the event printed on its line.
    const marked = new Set(
      report.findings
        .map((f) => f.eventId ?? run!.events.find((e) => e.file === f.file && e.line === f.line)?.id ?? null)
        .filter((id) => id !== null),
    );
    t.ok(marked.size > 1, 'the run has findings at events');
    t.equal(await page.locator('.has-finding').count(), marked.size);
    const colour = await page.locator('.finding-ring').first().evaluate((el) => getComputedStyle(el).stroke);
    t.equal(colour, 'rgb(198, 40, 40)', 'the finding mark is red');
    // Each note beside the diagram is drawn whole, inside the diagram's width.
    const svgRight = await page.locator('svg#diagram').evaluate((el) => el.getBoundingClientRect().right);
    const noteRights = await page.locator('svg#diagram .note text').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().right));
    t.ok(noteRights.length > 0, 'the findings have notes');
    t.same(noteRights.filter((right) => right > svgRight), [], 'no note runs past the diagram\'s right edge');
    await page.screenshot({ path: path.join(shots, 'html-broken.png'), fullPage: true });
  });
});

t.test('a line that is not JSON: its finding is marked on the peer\'s lane between its neighbours', { skip: missing ?? false }, async (t) => {
  const input = path.join(repoRoot, 'fixtures', 'class-example', 'heidi', 'tc1.txt');
  const { report, run } = await analyse([{ path: input, name: 'tc1.txt' }], { scenario: 'tc1', keepRun: true });
  const syntax = report.findings.find((f) => f.ruleId === 'syntax/json')!;
  t.ok(syntax && syntax.eventId === null && !run!.events.some((e) => e.line === syntax.line), 'the finding\'s line is no event');
  const peer1 = run!.events.filter((e) => e.printer === 1);
  const before = peer1.filter((e) => e.line < syntax.line!).at(-1)!;
  const after = peer1.find((e) => e.line > syntax.line!)!;
  const file = path.join(dir, 'heidi.html');
  writeFileSync(file, renderHtml(report, run, 'heidi tc1'));
  await withBrowser(async (context) => {
    const page = await context.newPage();
    const watched = await open(page, file);
    t.same(watched.consoleErrors, []);
    const mark = await page.locator('.lane-finding').boundingBox();
    const a = await page.locator(`#ev-${before.id} .dot`).boundingBox();
    const b = await page.locator(`#ev-${after.id} .dot`).boundingBox();
    t.ok(mark && a && b, 'the mark and its neighbours are drawn');
    const mid = (box: { y: number; height: number }): number => box.y + box.height / 2;
    t.ok(mid(mark!) > mid(a!) && mid(mark!) < mid(b!), 'between the events printed before and after it');
    t.ok(Math.abs(mark!.x + mark!.width / 2 - (a!.x + a!.width / 2)) < 1, 'on peer1\'s lane');
    t.equal(await page.locator('.lane-finding path').evaluate((el) => getComputedStyle(el).stroke), 'rgb(198, 40, 40)', 'in red');
    await page.locator('a[href="#lf-0"]').click();
    t.equal(await page.evaluate(() => location.hash), '#lf-0', 'the list links to it');
    await page.screenshot({ path: path.join(shots, 'html-between-events.png'), fullPage: true });
  });
});

t.test('hostile transcript text renders as text: no dialog, no injected element', { skip: missing ?? false }, async (t) => {
  const hostileName = '"><img src=x onerror=alert(3)>.log';
  const log = [
    'peer1  | <script>window.pwned = 1; alert(1)</script>',
    'peer1  | "><img src=x onerror="window.pwned = 2; alert(2)">',
    'peer1  | {"peer_id":1,"action":"sent","message_type":"prepare","message_value":"<","proposal_num":101}',
    'peer2  | {"peer_id":1,"action":"received","message_type":"prepare","message_value":"<","proposal_num":101}',
    'peer2  | {"peer_id":2,"action":"sent","message_type":"prepare_ack","message_value":null,"proposal_num":0,"x":"</script><script>alert(4)</script>"}',
    '',
  ].join('\n');
  const input = path.join(dir, hostileName);
  writeFileSync(input, log);
  const { report, run } = await analyse([{ path: input, name: hostileName }], { scenario: 'tc1', keepRun: true });
  const html = renderHtml(report, run, 'hostile <b>title</b>');
  t.notMatch(html, /<script>window\.pwned/, 'string level: the script tag is escaped');
  t.notMatch(html, /<img/i, 'string level: no img tag');
  t.equal(html.match(/<script>/g)?.length, 1, 'only the page\'s own script');
  const file = path.join(dir, 'hostile.html');
  writeFileSync(file, html);
  await withBrowser(async (context) => {
    const page = await context.newPage();
    const watched = await open(page, file);
    await page.waitForTimeout(200);
    t.same(watched.dialogs, [], 'no dialog opened');
    t.equal(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned ?? null), null, 'no injected script ran');
    t.equal(await page.locator('img').count(), 0, 'no injected element');
    t.equal(await page.evaluate(() => document.scripts.length), 1);
    const text = await page.locator('body').innerText();
    t.match(text, /<script>window\.pwned = 1/, 'the script is shown as text');
    t.match(text, /"><img src=x onerror/, 'the attribute breakout is shown as text');
    t.same(watched.consoleErrors, [], 'no console errors (nothing even tried to run)');
  });
});

t.test('past the cap: the page shows the first events, says so, and stays usable', { skip: missing ?? false }, async (t) => {
  // A long synthetic run: five lanes, each event a send to the next lane or its receive.
  const total = MAX_DIAGRAM_EVENTS + 1000;
  const events: DiagramEvent[] = [];
  const messages: DiagramMessage[] = [];
  const seq = [0, 0, 0, 0, 0, 0];
  for (let i = 0; events.length < total; i++) {
    const from = (i % 5) + 1;
    const to = (from % 5) + 1;
    const send: DiagramEvent = { id: events.length, printer: from, seq: seq[from]!++, action: 'sent', type: 'prepare', value: 'X', n: 100 + i, file: 'long.log', line: events.length + 1, raw: '{}' };
    events.push(send);
    const receive: DiagramEvent = { ...send, id: events.length, printer: to, seq: seq[to]!++, action: 'received', line: events.length + 1 };
    events.push(receive);
    messages.push({ sendId: send.id, receiveId: receive.id });
  }
  const page = renderRunPage({ title: 'long run', verdict: 'pass', summary: 'synthetic', peers: [1, 2, 3, 4, 5], roles: {}, events, messages, findings: [] });
  t.equal(page.drawn.events, MAX_DIAGRAM_EVENTS);
  t.equal(page.drawn.cappedFrom, events.length);
  const file = path.join(dir, 'long.html');
  writeFileSync(file, page.html);
  await withBrowser(async (context) => {
    const tab = await context.newPage();
    const started = Date.now();
    const watched = await open(tab, file);
    const loadMs = Date.now() - started;
    t.same(watched.consoleErrors, []);
    t.equal(await tab.locator('.ev').count(), MAX_DIAGRAM_EVENTS);
    t.equal(await tab.locator('line.msg').count(), page.drawn.arrows);
    t.match(await tab.locator('.cap').innerText(), new RegExp(`${events.length} events.*first ${MAX_DIAGRAM_EVENTS}`));
    await tab.locator('#ev-4000').focus();
    t.equal(await tab.locator('#info-loc').textContent(), 'long.log:4001', 'focus still works deep in the page');
    t.comment(`${MAX_DIAGRAM_EVENTS}-event page: ${(page.html.length / 1e6).toFixed(1)} MB, loaded in ${loadMs} ms`);
  });
});
