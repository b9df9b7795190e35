// Renders a run as one self-contained HTML page: a space-time diagram in
// inline SVG, the findings, and a panel that shows an event's raw line and
// file:line on hover or keyboard focus. Nothing is fetched: styles and the
// script are inline, and a Content-Security-Policy forbids any network use
// and any script other than ours (so even a missed escape could not run one).

import { createHash } from 'node:crypto';
import { escapeHtml } from './escape.js';
import { layoutRun, type Layout, type Placed } from './layout.js';
import type { DiagramEvent, DiagramFinding, DiagramMessage, DiagramRun } from './model.js';
import { PAGE_SCRIPT, PAGE_STYLE } from './page-assets.js';

/** Beyond this many events the page shows the first ones (in causal order) and says so. */
export const MAX_DIAGRAM_EVENTS = 5000;

const LANE_WIDTH = 190;
const ROW_HEIGHT = 28;
const TOP = 16;
const LEFT = 24;
const DOT = 5;
/** Characters of a finding's message drawn beside the diagram, which points at its event (the full text and file:line are in the list above and the note's tooltip). */
const NOTE_CHARS = 64;
/** Notes start 60px past the last lane (its labels overhang it); 7px is a generous width for a 12px character. */
const NOTES_GAP = 60;
const NOTES_WIDTH = LEFT + NOTES_GAP + NOTE_CHARS * 7 + 16;

export interface RenderOptions {
  maxEvents?: number;
}

export interface RenderedPage {
  html: string;
  /** What was drawn, for tests and callers that report it. */
  drawn: {
    events: number;
    arrows: number;
    danglingSends: number;
    danglingReceives: number;
    /** Findings on a line that is no event (a JSON syntax error), drawn on their peer's lane between its events. */
    betweenEvents: number;
    cappedFrom: number | null;
  };
}

const esc = escapeHtml;

function laneX(lane: number): number {
  return LEFT + lane * LANE_WIDTH + LANE_WIDTH / 2;
}

function rowY(row: number): number {
  return TOP + row * ROW_HEIGHT + ROW_HEIGHT / 2;
}

function valueText(value: string | null): string {
  return value === null ? 'null' : JSON.stringify(value);
}

function describe(event: DiagramEvent): string {
  const what = `${event.type} n=${event.n} value=${valueText(event.value)}`;
  if (event.action === 'chose') return `peer${event.printer} chose ${valueText(event.value)} under n=${event.n}`;
  return `peer${event.printer} ${event.action} ${what}`;
}

function label(event: DiagramEvent): string {
  const value = event.value === null ? '–' : event.value;
  if (event.action === 'chose') return `chose ${value} (${event.n})`;
  const arrow = event.action === 'sent' ? '→' : '←';
  return `${arrow} ${event.type} ${event.n} ${value}`;
}

function location(file: string | null, line: number | null): string {
  if (file === null) return '(whole run)';
  return line === null ? file : `${file}:${line}`;
}

function findingText(f: DiagramFinding): string {
  const times = f.occurrences > 1 ? ` (×${f.occurrences})` : '';
  return `${f.severity} ${f.ruleId}: ${f.message}${times}`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** CSP source for our one inline script. */
function scriptHash(script: string): string {
  return `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;
}

function eventSvg(p: Placed, findings: readonly DiagramFinding[]): string {
  const e = p.event;
  const x = laneX(p.lane);
  const y = rowY(p.row);
  const loc = location(e.file, e.line);
  const notes = findings.map(findingText).join('\n');
  const tip = [describe(e), loc, e.raw ?? '', notes].filter((s) => s !== '').join('\n');
  const classes = ['ev', `a-${e.action}`];
  if (findings.length > 0) classes.push('has-finding');
  const mark =
    e.action === 'chose'
      ? `<path class="chose" d="M${x} ${y - 9}L${x + 9} ${y}L${x} ${y + 9}L${x - 9} ${y}Z"/>`
      : `<circle class="dot" cx="${x}" cy="${y}" r="${DOT}"/>`;
  const ring = findings.length > 0 ? `<circle class="finding-ring" cx="${x}" cy="${y}" r="${DOT + 6}"/>` : '';
  return (
    `<g class="${classes.join(' ')}" id="ev-${e.id}" tabindex="0" data-id="${e.id}"` +
    ` data-what="${esc(describe(e))}" data-loc="${esc(loc)}" data-raw="${esc(e.raw ?? '(raw line not kept)')}"` +
    ` data-findings="${esc(notes)}" aria-label="${esc(`${describe(e)}, ${loc}`)}">` +
    `<title>${esc(tip)}</title>${ring}${mark}` +
    `<text class="lbl" x="${x + 12}" y="${y + 4}">${esc(label(e))}</text></g>`
  );
}

/** Message types with their own colour; anything else (a lenient variant) is drawn as 'other'. */
const MESSAGE_TYPES: readonly string[] = ['prepare', 'prepare_ack', 'accept', 'accept_ack'];

function markerSvg(kind: string): string {
  return (
    `<marker id="head-${kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto">` +
    `<path d="M0 0L10 5L0 10z" class="head t-${kind}"/></marker>`
  );
}

function arrowSvg(m: DiagramMessage, layout: Layout, backwards: boolean): string | null {
  const from = layout.byId.get(m.sendId);
  const to = layout.byId.get(m.receiveId);
  if (!from || !to) return null;
  const x1 = laneX(from.lane);
  const y1 = rowY(from.row);
  const x2 = laneX(to.lane);
  const y2 = rowY(to.row);
  const len = Math.hypot(x2 - x1, y2 - y1) || 1;
  // Stop short of the dots so the arrowhead stays visible.
  const sx = x1 + ((x2 - x1) / len) * DOT;
  const sy = y1 + ((y2 - y1) / len) * DOT;
  const ex = x2 - ((x2 - x1) / len) * (DOT + 2);
  const ey = y2 - ((y2 - y1) / len) * (DOT + 2);
  const type = MESSAGE_TYPES.includes(from.event.type) ? from.event.type : 'other';
  const cls = `msg t-${type}${backwards ? ' backwards' : ''}`;
  return (
    `<line class="${cls}" data-send="${m.sendId}" data-receive="${m.receiveId}"` +
    ` x1="${sx.toFixed(1)}" y1="${sy.toFixed(1)}" x2="${ex.toFixed(1)}" y2="${ey.toFixed(1)}" marker-end="url(#head-${type})"/>`
  );
}

function danglingSvg(p: Placed, kind: 'send' | 'receive'): string {
  const x = laneX(p.lane);
  const y = rowY(p.row);
  const id = p.event.id;
  if (kind === 'send') {
    return (
      `<g class="dangling dangling-send" data-event="${id}"><line x1="${x + DOT}" y1="${y + 2}" x2="${x + 44}" y2="${y + 20}"/>` +
      `<text x="${x + 47}" y="${y + 26}">?</text><title>sent, never received by anyone</title></g>`
    );
  }
  return (
    `<g class="dangling dangling-receive" data-event="${id}"><line x1="${x - 44}" y1="${y - 20}" x2="${x - DOT - 2}" y2="${y - 2}" marker-end="url(#head-bad)"/>` +
    `<text x="${x - 56}" y="${y - 20}">?</text><title>received, but no peer printed this send</title></g>`
  );
}

/** The list at the top; `anchorOf` gives the id of a finding's mark on the diagram, if it has one. */
function findingListHtml(findings: readonly DiagramFinding[], anchorOf: (f: DiagramFinding) => string | null): string {
  if (findings.length === 0) return '<p class="none">No findings.</p>';
  const items = findings.map((f) => {
    const where = esc(location(f.file, f.line));
    const anchor = anchorOf(f);
    const at = anchor !== null ? `<a href="#${anchor}">${where}</a>` : where;
    const peer = f.peer === null ? '' : ` <span class="peer">${esc(f.peer)}</span>`;
    return (
      `<li class="sev-${esc(f.severity)}">${at}${peer} <span class="sev">${esc(f.severity)}</span> <code>${esc(f.ruleId)}</code> ` +
      `${esc(f.message)}${f.occurrences > 1 ? ` (×${f.occurrences})` : ''}` +
      `<div class="hint">${esc(f.hint)}</div></li>`
    );
  });
  return `<ol class="findings">${items.join('')}</ol>`;
}

/** A finding's mark on the diagram: at an event, or on a peer's lane between two events. */
interface FindingMark {
  f: DiagramFinding;
  x: number;
  y: number;
  /** The element the note points at: an event's id or a lane mark's. */
  target: string;
}

/** Notes beside the diagram at the height of their mark, pushed down when they would overlap. */
function notesSvg(marks: readonly FindingMark[], width: number): string {
  // Past the last lane's labels, which overhang the lane by about 130px.
  const notesX = LEFT + width + NOTES_GAP;
  let nextFree = -Infinity;
  const out: string[] = [];
  for (const { f, x, y: markY, target } of [...marks].sort((a, b) => a.y - b.y || a.x - b.x)) {
    const y = Math.max(markY, nextFree);
    nextFree = y + 16;
    out.push(
      `<g class="note" data-target="${target}"><path d="M${x + DOT + 6} ${markY}L${notesX - 6} ${y - 4}"/>` +
        `<text x="${notesX}" y="${y}">${esc(truncate(findingText(f), NOTE_CHARS))}</text>` +
        `<title>${esc(`${location(f.file, f.line)} ${findingText(f)}\n${f.hint}`)}</title></g>`,
    );
  }
  return out.join('');
}

const PEER_NAME = /^peer(\d+)$/;

/**
 * Where on its peer's lane a finding goes whose line never became an event
 * (say, a line that is not valid JSON): between the drawn events of that peer
 * printed just before and just after it in the same file. Null when the
 * finding names no peer or line, or lies past the drawn part of a capped run.
 */
function betweenEventsY(f: DiagramFinding, lane: number, layout: Layout, capped: boolean): number | null {
  let before: Placed | null = null;
  let after: Placed | null = null;
  for (const p of layout.placed) {
    if (p.lane !== lane || p.event.file !== f.file) continue;
    if (p.event.line < f.line! && (before === null || p.event.line > before.event.line)) before = p;
    if (p.event.line > f.line! && (after === null || p.event.line < after.event.line)) after = p;
  }
  if (after === null && capped) return null;
  if (before !== null && after !== null) return (rowY(before.row) + rowY(after.row)) / 2;
  if (before !== null) return rowY(before.row) + ROW_HEIGHT / 2;
  if (after !== null) return rowY(after.row) - ROW_HEIGHT / 2;
  return TOP;
}

function laneFindingSvg(index: number, x: number, y: number, f: DiagramFinding): string {
  const d = 5;
  const text = `${location(f.file, f.line)} ${findingText(f)}`;
  return (
    `<g class="lane-finding" id="lf-${index}" tabindex="0" aria-label="${esc(text)}"><title>${esc(`${text}\n${f.hint}`)}</title>` +
    `<path d="M${x - d} ${y - d}L${x + d} ${y + d}M${x - d} ${y + d}L${x + d} ${y - d}"/></g>`
  );
}

export function renderRunPage(run: DiagramRun, options: RenderOptions = {}): RenderedPage {
  const maxEvents = options.maxEvents ?? MAX_DIAGRAM_EVENTS;
  const full = layoutRun(run.peers, run.events, run.messages);
  const cappedFrom = full.placed.length > maxEvents ? full.placed.length : null;
  const layout: Layout =
    cappedFrom === null
      ? full
      : (() => {
          const placed = full.placed.slice(0, maxEvents);
          return { ...full, placed, byId: new Map(placed.map((p) => [p.event.id, p])), rows: placed[placed.length - 1]!.row + 1 };
        })();
  const shown = new Set(layout.byId.keys());

  // A finding without an event id but pointing at an event's line (say, an
  // agreement finding at a chose line) is drawn at that event too.
  const eventAtLine = new Map(run.events.map((e) => [`${e.file}\u0000${e.line}`, e.id]));
  const eventOf = (f: DiagramFinding): number | null =>
    f.eventId ?? (f.file !== null && f.line !== null ? eventAtLine.get(`${f.file}\u0000${f.line}`) ?? null : null);
  const findingsByEvent = new Map<number, DiagramFinding[]>();
  for (const f of run.findings) {
    const id = eventOf(f);
    if (id === null || !shown.has(id)) continue;
    let list = findingsByEvent.get(id);
    if (!list) findingsByEvent.set(id, (list = []));
    list.push(f);
  }

  const sentIds = new Set(run.messages.map((m) => m.sendId));
  const receivedIds = new Set(run.messages.map((m) => m.receiveId));
  const arrows: string[] = [];
  for (const m of run.messages) {
    const svg = arrowSvg(m, layout, full.backwards.has(m));
    if (svg !== null) arrows.push(svg);
  }
  const dangling: string[] = [];
  let danglingSends = 0;
  let danglingReceives = 0;
  for (const p of layout.placed) {
    if (p.event.action === 'sent' && !sentIds.has(p.event.id)) {
      dangling.push(danglingSvg(p, 'send'));
      danglingSends++;
    } else if (p.event.action === 'received' && !receivedIds.has(p.event.id)) {
      dangling.push(danglingSvg(p, 'receive'));
      danglingReceives++;
    }
  }

  const width = layout.lanes.length * LANE_WIDTH;
  const height = TOP + Math.max(layout.rows, 1) * ROW_HEIGHT + 40;
  const lanesSvg = layout.lanes
    .map((_, i) => `<line class="lane" x1="${laneX(i)}" y1="0" x2="${laneX(i)}" y2="${height}"/>`)
    .join('');
  const events = layout.placed.map((p) => eventSvg(p, findingsByEvent.get(p.event.id) ?? [])).join('');
  const marks: FindingMark[] = layout.placed.flatMap((p) =>
    (findingsByEvent.get(p.event.id) ?? []).map((f) => ({ f, x: laneX(p.lane), y: rowY(p.row), target: `ev-${p.event.id}` })),
  );
  const laneFindings: string[] = [];
  const laneMarkOf = new Map<DiagramFinding, string>();
  for (const f of run.findings) {
    const peer = f.peer === null ? null : PEER_NAME.exec(f.peer);
    if (eventOf(f) !== null || peer === null || f.file === null || f.line === null) continue;
    const lane = layout.lanes.indexOf(Number(peer[1]));
    const y = lane < 0 ? null : betweenEventsY(f, lane, layout, cappedFrom !== null);
    if (y === null) continue;
    const target = `lf-${laneFindings.length}`;
    laneFindings.push(laneFindingSvg(laneFindings.length, laneX(lane), y, f));
    laneMarkOf.set(f, target);
    marks.push({ f, x: laneX(lane), y, target });
  }
  const svg =
    `<svg id="diagram" xmlns="http://www.w3.org/2000/svg" width="${width + NOTES_WIDTH}" height="${height}"` +
    ` viewBox="0 0 ${width + NOTES_WIDTH} ${height}" role="group" aria-label="space-time diagram"` +
    ` data-arrows="${arrows.length}" data-events="${layout.placed.length}">` +
    `<defs>${[...MESSAGE_TYPES, 'other', 'bad'].map(markerSvg).join('')}</defs>` +
    `<g class="lanes">${lanesSvg}</g><g class="arrows">${arrows.join('')}</g><g class="dangles">${dangling.join('')}</g>` +
    `<g class="notes">${notesSvg(marks, width)}</g><g class="lane-findings">${laneFindings.join('')}</g><g class="events">${events}</g></svg>`;

  const header = layout.lanes
    .map((peer, i) => {
      const roles = run.roles[peer] ?? [];
      return (
        `<div class="lane-head" style="left:${LEFT + i * LANE_WIDTH}px;width:${LANE_WIDTH}px">` +
        `<b>peer${peer}</b><span>${esc(roles.length > 0 ? roles.join(', ') : 'no role')}</span></div>`
      );
    })
    .join('');

  const anchorOf = (f: DiagramFinding): string | null => {
    const id = eventOf(f);
    return id !== null && shown.has(id) ? `ev-${id}` : laneMarkOf.get(f) ?? null;
  };
  const verdict = run.verdict === null ? '' : `<span class="verdict v-${run.verdict}">${run.verdict.toUpperCase()}</span>`;
  const capNote =
    cappedFrom === null
      ? ''
      : `<p class="cap" role="note">This run has ${cappedFrom} events; the diagram shows the first ${maxEvents} in causal order to stay responsive. Findings past that point are listed above but not drawn.</p>`;
  const counts =
    `${layout.placed.length} events, ${arrows.length} matched messages drawn, ` +
    `${danglingSends} sends never received, ${danglingReceives} receives with no send`;
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src ${scriptHash(PAGE_SCRIPT)}; img-src data:`;

  const html =
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${csp}">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${esc(run.title)}</title><style>${PAGE_STYLE}</style></head><body>` +
    `<header><h1>${esc(run.title)} ${verdict}</h1><p class="summary">${esc(run.summary)}</p>` +
    `<p class="counts">${esc(counts)}</p>${capNote}` +
    `<details open><summary>Findings (${run.findings.length})</summary>${findingListHtml(run.findings, anchorOf)}</details>` +
    `<p class="legend"><span class="k k-prepare">prepare</span><span class="k k-prepare_ack">prepare_ack</span>` +
    `<span class="k k-accept">accept</span><span class="k k-accept_ack">accept_ack</span><span class="k k-chose">◆ chose</span>` +
    `<span class="k k-finding">finding</span><span class="k k-between">× finding on a line that is no event</span><span class="k k-dangling">? unmatched</span>` +
    ` Time runs downwards; hover or Tab to an event for its raw line.</p></header>` +
    `<main><div class="heads" style="width:${width + NOTES_WIDTH}px">${header}</div>${svg}</main>` +
    `<aside id="info" aria-live="polite"><div id="info-what">Hover or focus an event.</div>` +
    `<div id="info-loc"></div><pre id="info-raw"></pre><div id="info-findings"></div></aside>` +
    `<script>${PAGE_SCRIPT}</script></body></html>\n`;

  return {
    html,
    drawn: { events: layout.placed.length, arrows: arrows.length, danglingSends, danglingReceives, betweenEvents: laneFindings.length, cappedFrom },
  };
}
