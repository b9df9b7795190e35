// How rules write messages and values in findings: the way slide 45 names
// them, e.g. accept(101, X), prepare_ack(0, null).

import type { RunEvent } from '../types.js';

export function showV(value: string | null): string {
  return value === null ? 'null' : value;
}

export function msg(type: string, n: string | number, value: string | null): string {
  return `${type}(${n}, ${showV(value)})`;
}

/** The message of an event, with its number as the run writes it. */
export function msgOf(event: RunEvent, formatN: (n: number) => string): string {
  return event.type === 'chose' ? `chose(${formatN(event.n)}, ${showV(event.value)})` : msg(event.type, formatN(event.n), event.value);
}

export function fill(template: string, data: Record<string, string | number | null> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in data ? String(data[name]) : whole));
}
