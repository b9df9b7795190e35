// Grades one submission: verifies each testcase log the rubric asks for,
// scores it, draws its diagram, and writes the submission's autograder files.
// Runs in the main thread or in a pool worker alike; everything it returns can
// cross a thread boundary.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyse } from '../verifier/index.js';
import { diagramFromVerification } from '../verifier/report/html/from-verifier.js';
import { renderRunPage } from '../verifier/report/html/render.js';
import type { Submission, SubmissionNote, TestcaseLookup } from './discover.js';
import { diagramFile, RESULT_FILES } from './files.js';
import { toClassroom } from './outputs/classroom.js';
import { toGradescope } from './outputs/gradescope.js';
import { toJUnit } from './outputs/junit.js';
import type { Rubric, RubricTestcase } from './rubric.js';
import { scoreReport, scoreUnverified, topFindingOf, type TestcaseOutcome } from './score.js';
import { visibleControls } from './text.js';

export type OutputFormat = 'gradescope' | 'junit' | 'classroom' | 'html';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['gradescope', 'junit', 'classroom', 'html'];

export interface GradeOptions {
  rubric: Rubric;
  /** Root of the outputs: each submission's files go to outRoot/<submission id>/. */
  outRoot: string;
  outputs: readonly OutputFormat[];
}

export interface SubmissionResult {
  id: string;
  dir: string;
  /** Where this submission's files were written (null when no format was asked for). */
  outDir: string | null;
  notes: SubmissionNote[];
  testcases: TestcaseOutcome[];
  points: number;
  maxPoints: number;
  /** The one thing to look at first, for the summary table. */
  top: string;
  /** A log was missing or ambiguous, or could not be verified: a person should look. */
  needsReview: boolean;
  /** Files written, relative to outDir. */
  written: string[];
  durationMs: number;
}

function describeLookup(tc: RubricTestcase, lookup: TestcaseLookup): string {
  if (lookup.status === 'missing') return `no ${tc.id} log found`;
  if (lookup.status === 'ambiguous') {
    return `${lookup.candidates.length} candidate logs for ${tc.id} (${lookup.candidates.map((c) => c.relative.join('+')).join(', ')})`;
  }
  return 'found';
}

async function gradeTestcase(submission: Submission, tc: RubricTestcase, options: GradeOptions, outDir: string | null): Promise<TestcaseOutcome> {
  const lookup = submission.testcases[tc.id];
  if (lookup.status !== 'found') return scoreUnverified(options.rubric, tc, lookup.status, describeLookup(tc, lookup), null);
  const wantDiagram = options.outputs.includes('html') && outDir !== null;
  const started = performance.now();
  const { report, run } = await analyse(
    lookup.input.paths.map((path, i) => ({ path, name: lookup.input.relative[i]! })),
    { scenario: tc.scenario, profile: tc.profile ?? 'strict', keepRun: wantDiagram },
  );
  const outcome = scoreReport(options.rubric, tc, report, lookup.input, performance.now() - started);
  if (wantDiagram) {
    const file = diagramFile(tc.id);
    const page = renderRunPage(diagramFromVerification(report, run, `${submission.id}: ${tc.name}`));
    writeFileSync(join(outDir, file), page.html);
    outcome.diagram = file;
  }
  return outcome;
}

function topOf(notes: readonly SubmissionNote[], testcases: readonly TestcaseOutcome[]): string {
  const note = notes.find((n) => n.severity === 'error');
  if (note) return note.message;
  for (const tc of testcases) {
    if (tc.verdict === 'error') return `${tc.id}: could not verify: ${tc.reason}`;
    const f = topFindingOf(tc);
    if (f && f.severity === 'error') return `${tc.id}: ${f.peer ? `${f.peer} ` : ''}${f.ruleId}: ${f.message}`;
  }
  for (const tc of testcases) {
    const f = topFindingOf(tc);
    if (f) return `${tc.id}: ${f.severity} ${f.ruleId}: ${f.message}`;
  }
  return '';
}

export async function gradeSubmission(submission: Submission, options: GradeOptions): Promise<SubmissionResult> {
  const started = performance.now();
  const outDir = options.outputs.length > 0 ? join(options.outRoot, submission.id) : null;
  if (outDir !== null) mkdirSync(outDir, { recursive: true });
  const testcases: TestcaseOutcome[] = [];
  for (const tc of options.rubric.testcases) testcases.push(await gradeTestcase(submission, tc, options, outDir));

  const result: SubmissionResult = {
    id: submission.id,
    dir: submission.dir,
    outDir,
    notes: submission.notes,
    testcases,
    points: Math.round(testcases.reduce((total, tc) => total + tc.points, 0) * 100) / 100,
    maxPoints: options.rubric.testcases.reduce((total, tc) => total + tc.points, 0),
    top: visibleControls(topOf(submission.notes, testcases)),
    needsReview: testcases.some((tc) => tc.verdict === 'missing' || tc.verdict === 'ambiguous' || tc.verdict === 'error'),
    written: testcases.flatMap((tc) => (tc.diagram ? [tc.diagram] : [])),
    durationMs: 0,
  };
  result.durationMs = performance.now() - started;
  if (outDir !== null) {
    const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
    if (options.outputs.includes('gradescope')) write(result, RESULT_FILES.gradescope, json(toGradescope(result)));
    if (options.outputs.includes('junit')) write(result, RESULT_FILES.junit, `${toJUnit(result)}\n`);
    if (options.outputs.includes('classroom')) write(result, RESULT_FILES.classroom, json(toClassroom(result)));
  }
  return result;
}

function write(result: SubmissionResult, file: string, text: string): void {
  writeFileSync(join(result.outDir!, file), text);
  result.written.push(file);
}
