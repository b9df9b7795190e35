// The diagram's view of a verified run: events, matched pairs and findings
// from the verifier's rebuilt run (analyse(..., { keepRun: true })), lanes and
// roles from the hostsfile the report names.

import type { RunView } from '../../pipeline.js';
import type { Report } from '../../types.js';
import type { DiagramRun } from './model.js';
import { severityCounts } from '../summary.js';

export function diagramFromVerification(report: Report, run: RunView | null, title: string): DiagramRun {
  const roles: Record<number, string[]> = {};
  for (const peer of report.hostsfile.peers) roles[peer.id] = peer.roles;
  const printers = run?.events.map((e) => e.printer) ?? [];
  const peers = [...new Set([...report.hostsfile.peers.map((p) => p.id), ...printers])].sort((a, b) => a - b);
  const counts = severityCounts(report, ['error', 'warning']);
  return {
    title,
    verdict: report.verdict,
    summary:
      `scenario ${report.scenario.name}${report.scenario.autoDetected ? ' (auto-detected)' : ''}, ` +
      `${report.profile} profile, ${counts}; input: ${report.inputs.map((i) => i.name).join(', ') || '(none)'}` +
      (report.fatal === null ? '' : `; could not verify: ${report.fatal}`),
    peers,
    roles,
    events: (run?.events ?? []).map((e) => ({
      id: e.id,
      printer: e.printer,
      seq: e.seq,
      action: e.action,
      type: e.type,
      value: e.value,
      n: e.n,
      file: e.file,
      line: e.line,
      raw: e.raw,
    })),
    messages: (run?.messages ?? []).map((m) => ({ sendId: m.send, receiveId: m.receive })),
    findings: report.findings,
  };
}
