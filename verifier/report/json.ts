import type { Report } from '../types.js';
import { escapeJsonOutput } from './escape.js';

/** The report as JSON (schemas/report.schema.json), safe to print on a terminal. */
export function renderJson(report: Report): string {
  return `${escapeJsonOutput(JSON.stringify(report, null, 2))}\n`;
}
