// The HTML reporter: a verified run as one self-contained page with its
// space-time diagram (paxos-verify --format html, grade --html).

import type { RunView } from '../../pipeline.js';
import type { Report } from '../../types.js';
import { diagramFromVerification } from './from-verifier.js';
import { renderRunPage } from './render.js';

export { MAX_DIAGRAM_EVENTS, renderRunPage, type RenderedPage } from './render.js';
export { diagramFromVerification } from './from-verifier.js';
export { escapeHtml } from './escape.js';
export type { DiagramEvent, DiagramFinding, DiagramMessage, DiagramRun } from './model.js';

/** The page for a report and the run kept with it (analyse(..., { keepRun: true })). */
export function renderHtml(report: Report, run: RunView | null, title?: string): string {
  const names = report.inputs.map((i) => i.name).join(', ');
  return renderRunPage(diagramFromVerification(report, run, title ?? `paxos-verify: ${names || 'run'}`)).html;
}
