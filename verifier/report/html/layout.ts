// Places events on the diagram: one lane per peer, and a row (logical time)
// per event such that every event sits below the one before it on its lane and
// every receive sits below its send. That is a Lamport clock computed over the
// happened-before graph; events of different lanes share rows where causality
// allows, which keeps the five-peer runs compact.

import type { DiagramEvent, DiagramMessage } from './model.js';

export interface Placed {
  event: DiagramEvent;
  lane: number;
  row: number;
}

export interface Layout {
  /** Every placed event, in row order (ties by lane). */
  placed: Placed[];
  byId: Map<number, Placed>;
  lanes: readonly number[];
  rows: number;
  /** Matched messages whose receive could not be placed after its send (a causality cycle). */
  backwards: Set<DiagramMessage>;
}

export function layoutRun(
  peers: readonly number[],
  events: readonly DiagramEvent[],
  messages: readonly DiagramMessage[],
): Layout {
  const lanes = [...new Set([...peers, ...events.map((e) => e.printer)])].sort((a, b) => a - b);
  const laneOf = new Map(lanes.map((p, i) => [p, i]));
  // A message whose other end is not among the events (left out past the
  // cap) is not a dependency: its receive is placed as if unmatched.
  const ids = new Set(events.map((e) => e.id));
  const drawn = messages.filter((m) => ids.has(m.sendId) && ids.has(m.receiveId));
  const sendOf = new Map<number, number>();
  for (const m of drawn) sendOf.set(m.receiveId, m.sendId);

  const queues = lanes.map(() => [] as DiagramEvent[]);
  for (const e of events) queues[laneOf.get(e.printer)!]!.push(e);
  for (const q of queues) q.sort((a, b) => a.seq - b.seq || a.id - b.id);

  const rowOf = new Map<number, number>();
  const heads = queues.map(() => 0);
  const laneRow = queues.map(() => -1);
  const placed: Placed[] = [];
  const backwards = new Set<DiagramMessage>();
  const messageOfReceive = new Map(drawn.map((m) => [m.receiveId, m]));
  let left = events.length;

  const place = (lane: number, event: DiagramEvent, after: number): void => {
    const row = Math.max(laneRow[lane]! + 1, after + 1);
    laneRow[lane] = row;
    rowOf.set(event.id, row);
    placed.push({ event, lane, row });
    heads[lane]!++;
    left--;
  };

  while (left > 0) {
    let progressed = false;
    for (let lane = 0; lane < queues.length; lane++) {
      const q = queues[lane]!;
      while (heads[lane]! < q.length) {
        const event = q[heads[lane]!]!;
        const sendId = sendOf.get(event.id);
        if (sendId === undefined) {
          place(lane, event, -1);
        } else {
          const sendRow = rowOf.get(sendId);
          if (sendRow === undefined) break;
          place(lane, event, sendRow);
        }
        progressed = true;
      }
    }
    if (progressed) continue;
    // Every lane waits on a send that waits on it: a causality cycle. Break it
    // at the earliest-printed waiting receive, whose arrow is then drawn upwards.
    let pick = -1;
    for (let lane = 0; lane < queues.length; lane++) {
      const head = queues[lane]![heads[lane]!];
      if (head && (pick < 0 || head.id < queues[pick]![heads[pick]!]!.id)) pick = lane;
    }
    const head = queues[pick]![heads[pick]!]!;
    backwards.add(messageOfReceive.get(head.id)!);
    place(pick, head, -1);
  }

  placed.sort((a, b) => a.row - b.row || a.lane - b.lane);
  const rows = placed.length > 0 ? placed[placed.length - 1]!.row + 1 : 0;
  return { placed, byId: new Map(placed.map((p) => [p.event.id, p])), lanes, rows, backwards };
}
