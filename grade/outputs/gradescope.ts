// Gradescope's results.json: one test per rubric item, the submission's
// notes in the top-level output (schemas/gradescope-results.schema.json).
// Students always see that output, so it names only the visible tests' points.

import type { GradescopeResults, GradescopeTest } from '../../schemas/generated/gradescope-results.js';
import type { SubmissionResult } from '../submission.js';
import { itemFeedback, submissionFeedback, testName } from './feedback.js';

export function toGradescope(result: SubmissionResult): GradescopeResults {
  const tests: GradescopeTest[] = [];
  result.testcases.forEach((tc, t) => {
    tc.items.forEach((item, i) => {
      tests.push({
        name: testName(tc, item),
        number: `${t + 1}.${i + 1}`,
        score: item.points,
        max_score: item.maxPoints,
        status: item.points === item.maxPoints ? 'passed' : 'failed',
        output: itemFeedback(tc, item),
        output_format: 'text',
        visibility: item.visibility,
        tags: [tc.id],
      });
    });
  });
  return {
    score: result.points,
    execution_time: Math.round(result.durationMs) / 1000,
    output: submissionFeedback(result, { onlyVisible: true }),
    output_format: 'text',
    tests,
  };
}
