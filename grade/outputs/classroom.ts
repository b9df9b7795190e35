// The GitHub Classroom autograding result (schemas/classroom-result.schema.json):
// what a grader step hands to the autograding grading reporter, base64-encoded,
// as its `result` output.

import type { ClassroomResult, ClassroomTest } from '../../schemas/generated/classroom-result.js';
import type { SubmissionResult } from '../submission.js';
import { visibleControls } from '../text.js';
import { firstLocation, itemFeedback, testName } from './feedback.js';

export function toClassroom(result: SubmissionResult): ClassroomResult {
  const tests: ClassroomTest[] = [];
  for (const tc of result.testcases) {
    const notVerified = tc.verdict === 'missing' || tc.verdict === 'ambiguous' || tc.verdict === 'error';
    for (const item of tc.items) {
      const where = firstLocation(item);
      tests.push({
        name: testName(tc, item),
        status: notVerified ? 'error' : item.points === item.maxPoints ? 'pass' : 'fail',
        score: item.points,
        message: itemFeedback(tc, item),
        test_code: visibleControls(`paxos-verify --scenario ${tc.report?.scenario.name ?? tc.id} ${tc.input?.relative.join(' ') ?? `<${tc.id} log>`}`),
        filename: visibleControls(where?.file ?? tc.input?.relative[0] ?? ''),
        line_no: where?.line ?? 0,
        duration: Math.round(tc.durationMs),
      });
    }
  }
  const status = tests.some((t) => t.status === 'error') ? 'error' : tests.some((t) => t.status === 'fail') ? 'fail' : 'pass';
  return { version: 1, status, max_score: result.maxPoints, tests: tests as ClassroomResult['tests'] };
}

/** The `result` output value the reporter reads. */
export function classroomOutputValue(result: ClassroomResult): string {
  return Buffer.from(JSON.stringify(result), 'utf8').toString('base64');
}
