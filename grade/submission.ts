// Grades one submission: verifies each testcase log the rubric asks for,
// scores it, draws its diagram, and writes the submission's autograder files.
// Runs in the main thread or in a pool worker alike; everything it returns can
// cross a thread boundary.

import { closeSync, constants, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describeIoError } from '../peer/command-line.js';
import { analyse } from '../verifier/index.js';
import { diagramFromVerification } from '../verifier/report/html/from-verifier.js';
import { renderRunPage } from '../verifier/report/html/render.js';
import type { Submission, SubmissionNote, TestcaseLookup } from './discover.js';
import { diagramFile, RESULT_FILES } from './files.js';
import { toClassroom } from './outputs/classroom.js';
import { toGradescope } from './outputs/gradescope.js';
import { toJUnit } from './outputs/junit.js';
import { maxPoints, roundPoints, type Rubric, type RubricTestcase } from './rubric.js';
import { scoreReport, scoreUnverified, topFindingOf, type TestcaseOutcome } from './score.js';
import { visibleControls } from './text.js';

export type OutputFormat = 'gradescope' | 'junit' | 'classroom' | 'html';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['gradescope', 'junit', 'classroom', 'html'];

export interface GradeOptions {
  rubric: Rubric;
  /** Root of the outputs: each submission's files go to outRoot/<submission id>/. */
  outRoot: string;
  outputs: readonly OutputFormat[];
  /** The class folder is itself the one submission: its files go straight into outRoot. */
  oneSubmission?: boolean;
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
  /** A log was missing or ambiguous, could not be verified, or a file could not be written: a person should look. */
  needsReview: boolean;
  /** Files written, relative to outDir. */
  written: string[];
  /** Files that could not be written (each also has an error note). */
  unwritten: string[];
  durationMs: number;
}

function describeLookup(tc: RubricTestcase, lookup: TestcaseLookup): string {
  if (lookup.status === 'missing') return `no ${tc.id} log found`;
  if (lookup.status === 'ambiguous') {
    return `${lookup.candidates.length} candidate logs for ${tc.id} (${lookup.candidates.map((c) => c.relative.join('+')).join(', ')})`;
  }
  return 'found';
}

/** Files are opened without following links, so ELOOP means a link stands where the file goes. */
const WRITE_WORDS = { ELOOP: 'a link is in its place (links are not written through)' };

/**
 * Output files usually go next to a student's logs: a results.json there that
 * is a link to some other file must not make grade overwrite that file.
 */
function writeOwnFile(path: string, text: string): void {
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (constants.O_NOFOLLOW ?? 0), 0o644);
  try {
    writeFileSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

/**
 * Where a submission's files go, and what could not be written there. A file
 * that cannot be written (a folder in its place, a read-only folder) costs
 * that submission an error note, never the rest of the class its grades.
 */
class OutputFolder {
  /** False when the folder could not be created: every file is then unwritten. */
  usable = true;
  readonly written: string[] = [];
  readonly unwritten: string[] = [];
  readonly notes: SubmissionNote[] = [];

  constructor(readonly dir: string) {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      this.notes.push({ severity: 'error', message: `could not create the output folder ${dir}: ${describeIoError(error, WRITE_WORDS)}; no files written` });
      this.usable = false;
    }
  }

  /** Writes `file`; false (with a note) when it could not be. */
  write(file: string, text: () => string): boolean {
    if (!this.usable) {
      this.unwritten.push(file);
      return false;
    }
    const path = join(this.dir, file);
    try {
      writeOwnFile(path, text());
      this.written.push(file);
      return true;
    } catch (error) {
      this.unwritten.push(file);
      this.notes.push({ severity: 'error', message: `could not write ${path}: ${describeIoError(error, WRITE_WORDS)}` });
      return false;
    }
  }
}

async function gradeTestcase(submission: Submission, tc: RubricTestcase, options: GradeOptions, out: OutputFolder | null): Promise<TestcaseOutcome> {
  const lookup = submission.testcases[tc.id];
  if (lookup.status !== 'found') return scoreUnverified(options.rubric, tc, lookup.status, describeLookup(tc, lookup), null);
  const wantDiagram = options.outputs.includes('html') && out !== null;
  const started = performance.now();
  const { report, run } = await analyse(
    lookup.input.paths.map((path, i) => ({ path, name: lookup.input.relative[i]! })),
    { scenario: tc.scenario, profile: tc.profile ?? 'strict', keepRun: wantDiagram },
  );
  const outcome = scoreReport(options.rubric, tc, report, lookup.input, performance.now() - started);
  if (wantDiagram) {
    const file = diagramFile(tc.id);
    const page = () => renderRunPage(diagramFromVerification(report, run, `${submission.id}: ${tc.name}`)).html;
    if (out.write(file, page)) outcome.diagram = file;
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

function unverified(tc: TestcaseOutcome): boolean {
  return tc.verdict === 'missing' || tc.verdict === 'ambiguous' || tc.verdict === 'error';
}

/** Notes, top finding and review flag as they stand, including the files that could not be written so far. */
function settle(result: SubmissionResult, submission: Submission, out: OutputFolder | null): SubmissionResult {
  // Problems writing this submission's files come first: its files are incomplete.
  result.notes = [...(out?.notes ?? []), ...submission.notes];
  result.top = visibleControls(topOf(result.notes, result.testcases));
  result.needsReview = result.testcases.some(unverified) || result.unwritten.length > 0;
  return result;
}

export async function gradeSubmission(submission: Submission, options: GradeOptions): Promise<SubmissionResult> {
  const started = performance.now();
  const out =
    options.outputs.length > 0 ? new OutputFolder(options.oneSubmission === true ? options.outRoot : join(options.outRoot, submission.id)) : null;
  const testcases: TestcaseOutcome[] = [];
  for (const tc of options.rubric.testcases) testcases.push(await gradeTestcase(submission, tc, options, out));

  const result: SubmissionResult = {
    id: submission.id,
    dir: submission.dir,
    outDir: out?.dir ?? null,
    notes: [],
    testcases,
    points: roundPoints(testcases.reduce((total, tc) => total + tc.points, 0)),
    maxPoints: maxPoints(options.rubric),
    top: '',
    needsReview: false,
    written: out?.written ?? [],
    unwritten: out?.unwritten ?? [],
    durationMs: performance.now() - started,
  };
  if (out !== null) {
    const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
    // Each file is built after the writes before it, so it reports their failures too.
    const current = (): SubmissionResult => settle(result, submission, out);
    if (options.outputs.includes('gradescope')) out.write(RESULT_FILES.gradescope, () => json(toGradescope(current())));
    if (options.outputs.includes('junit')) out.write(RESULT_FILES.junit, () => `${toJUnit(current())}\n`);
    if (options.outputs.includes('classroom')) out.write(RESULT_FILES.classroom, () => json(toClassroom(current())));
  }
  return settle(result, submission, out);
}

/** The result of a submission whose grading itself failed: every testcase an error, 0 points, to review. */
export function failedSubmission(submission: Submission, rubric: Rubric, reason: string): SubmissionResult {
  const testcases = rubric.testcases.map((tc) => scoreUnverified(rubric, tc, 'error', `grading stopped: ${reason}`, null));
  const notes: SubmissionNote[] = [{ severity: 'error', message: `could not be graded: ${reason}` }, ...submission.notes];
  return {
    id: submission.id,
    dir: submission.dir,
    outDir: null,
    notes,
    testcases,
    points: 0,
    maxPoints: maxPoints(rubric),
    top: visibleControls(topOf(notes, testcases)),
    needsReview: true,
    written: [],
    unwritten: [],
    durationMs: 0,
  };
}

/** Grades one submission; whatever goes wrong stays with that submission. */
export async function gradeOrFail(submission: Submission, options: GradeOptions): Promise<SubmissionResult> {
  try {
    return await gradeSubmission(submission, options);
  } catch (error) {
    return failedSubmission(submission, options.rubric, error instanceof Error ? error.message : String(error));
  }
}
