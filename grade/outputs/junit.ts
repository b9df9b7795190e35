// JUnit XML (schemas/junit.xsd), written with xmlbuilder2: one testsuite per
// testcase, one JUnit testcase per rubric item; a lost point is a <failure>,
// a log that could not be verified an <error>. Every string goes through
// xmlSafe: folder names and printed lines may hold characters XML forbids.

import { create } from 'xmlbuilder2';
import type { SubmissionResult } from '../submission.js';
import { xmlSafe } from '../text.js';
import { firstLocation, itemFeedback, submissionFeedback } from './feedback.js';

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

export function toJUnit(result: SubmissionResult, timestamp = new Date()): string {
  const stamp = timestamp.toISOString().replace(/\.\d+Z$/, 'Z');
  let tests = 0;
  let failures = 0;
  let errors = 0;
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('testsuites', { name: xmlSafe(`paxos-lab ${result.id}`) });
  for (const tc of result.testcases) {
    const notVerified = tc.verdict === 'missing' || tc.verdict === 'ambiguous' || tc.verdict === 'error';
    const suiteFailures = notVerified ? 0 : tc.items.filter((i) => i.points < i.maxPoints).length;
    const suiteErrors = notVerified ? tc.items.length : 0;
    tests += tc.items.length;
    failures += suiteFailures;
    errors += suiteErrors;
    const suite = root.ele('testsuite', {
      name: xmlSafe(`${result.id}.${tc.id}`),
      tests: tc.items.length,
      failures: suiteFailures,
      errors: suiteErrors,
      skipped: 0,
      time: seconds(tc.durationMs),
      timestamp: stamp,
    });
    const props = suite.ele('properties');
    props.ele('property', { name: 'testcase', value: xmlSafe(tc.name) });
    props.ele('property', { name: 'verdict', value: tc.verdict });
    props.ele('property', { name: 'points', value: `${tc.points}/${tc.maxPoints}` });
    for (const item of tc.items) {
      const where = firstLocation(item);
      const attrs: Record<string, string | number> = {
        name: xmlSafe(item.name),
        classname: xmlSafe(`${result.id}.${tc.id}`),
        time: seconds(tc.durationMs / tc.items.length),
      };
      if (where) Object.assign(attrs, { file: xmlSafe(where.file), line: where.line });
      const testcase = suite.ele('testcase', attrs);
      const text = xmlSafe(itemFeedback(tc, item));
      if (notVerified) {
        testcase.ele('error', { message: xmlSafe(tc.reason ?? tc.verdict), type: tc.verdict }).txt(text);
      } else if (item.points < item.maxPoints) {
        const first = item.findings.find((f) => f.severity === 'error') ?? item.findings[0];
        testcase.ele('failure', { message: xmlSafe(first?.message ?? 'points lost'), type: xmlSafe(first?.ruleId ?? 'rubric') }).txt(text);
      } else if (item.findings.length > 0) {
        testcase.ele('system-out').txt(text);
      }
    }
    // The submission's notes (missing or ambiguous logs) belong to every suite.
    suite.ele('system-out').txt(xmlSafe(submissionFeedback(result)));
  }
  root.att({ tests, failures, errors, skipped: 0, time: seconds(result.durationMs), timestamp: stamp });
  return root.end({ prettyPrint: true });
}
