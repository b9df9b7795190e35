// `paxos-verify grade DIR`: grades every submission folder of DIR, prints the
// summary table, writes grades.csv and each submission's autograder files.
// Exit 0: every submission was graded; 1: some need a look by hand (a log
// missing, ambiguous or unreadable); 2: could not run (bad arguments, rubric
// or folder, outputs not writable).

import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../verifier/commands/usage-error.js';
import { gradeClass } from './index.js';
import { createProgress } from './progress.js';
import { DEFAULT_RUBRIC_PATH, loadRubric, RubricError } from './rubric.js';
import { OUTPUT_FORMATS, type OutputFormat } from './submission.js';
import { toCsv, toTable } from './table.js';
import { visibleControls } from './text.js';

interface GradeFlags {
  rubric?: string;
  out?: string;
  csv?: string;
  gradescope?: boolean;
  junit?: boolean;
  classroom?: boolean;
  html?: boolean;
  files: boolean;
  jobs: string;
  progress: boolean;
}

const HELP_AFTER = `
DIR holds one folder per submission. In each, the testcase logs are found by
name (case-insensitive): tc1.log, testcase1.txt, docker-compose-testcase-1.log,
test1.out, part2.log, ... or a tc1/ folder of per-peer logs (peer1.log ...).
Two candidates for one testcase, or none, leave that testcase ungraded (0
points) with a note in the table, the CSV and the autograder files.

Each submission's files go to OUT/<submission>/ (OUT defaults to DIR):
results.json (Gradescope), junit.xml, classroom-result.json (GitHub Classroom
autograding result) and diagram-tc1.html / diagram-tc2.html. With none of
--gradescope --junit --classroom --html, all four are written.

Exit codes: 0 every submission was graded (whatever its points), 1 some
submission needs a look by hand (log missing, ambiguous or unreadable),
2 grading could not run.

Examples:
  paxos-verify grade fixtures/class-example
  paxos-verify grade submissions/ --out graded/ --gradescope --html
  paxos-verify grade submissions/ --rubric my-rubric.yaml --no-files --csv grades.csv
`;

function chosenFormats(flags: GradeFlags): OutputFormat[] {
  if (!flags.files) return [];
  const chosen = OUTPUT_FORMATS.filter((f) => flags[f] === true);
  return chosen.length > 0 ? chosen : [...OUTPUT_FORMATS];
}

export function configureGrade(program: Command): void {
  program
    .command('grade')
    .description('grade a class: every sub-folder of DIR is one submission with its testcase 1 and 2 logs')
    .argument('<DIR>', 'folder of submission folders')
    .helpOption('--help', 'show this help')
    .option('--rubric <file>', 'rubric (YAML or JSON, see docs/grading.md; default: the package\'s rubrics/default.yaml, the handout\'s weights)')
    .option('--out <dir>', 'where each submission\'s files go, as OUT/<submission>/ (default: DIR)')
    .option('--csv <file>', 'summary CSV (default: OUT/grades.csv)')
    .option('--gradescope', 'write results.json (Gradescope)')
    .option('--junit', 'write junit.xml')
    .option('--classroom', 'write classroom-result.json (GitHub Classroom autograding)')
    .option('--html', 'write diagram-tc1.html and diagram-tc2.html (space-time diagrams)')
    .option('--no-files', 'write no per-submission files: only the table and the CSV')
    .option('--jobs <n>', 'submissions graded in parallel (worker threads)', String(availableParallelism()))
    .option('--no-progress', 'no progress on stderr')
    .addHelpText('after', HELP_AFTER)
    .action(async (dir: string, flags: GradeFlags) => {
      const jobs = Number(flags.jobs);
      if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs needs a whole number of at least 1, got "${flags.jobs}"`);
      let rubric;
      try {
        rubric = loadRubric(flags.rubric ?? DEFAULT_RUBRIC_PATH);
      } catch (error) {
        if (error instanceof RubricError) throw new UsageError(error.message);
        throw error;
      }
      const outRoot = resolve(flags.out ?? dir);
      const csvPath = flags.csv ?? join(flags.out ?? dir, 'grades.csv');
      let progress = createProgress(0);
      let result;
      try {
        result = await gradeClass(dir, {
          rubric,
          outRoot,
          outputs: chosenFormats(flags),
          jobs,
          onDiscovered: (count) => (progress = createProgress(count, process.stderr, flags.progress)),
          onResult: (r) => progress.done(r),
        });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (error instanceof RubricError) throw new UsageError(error.message);
        if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES') {
          throw new UsageError(`cannot read class folder ${dir}: ${code === 'ENOTDIR' ? 'not a folder' : code}`);
        }
        throw new UsageError(`grading stopped: ${error instanceof Error ? error.message : String(error)}`);
      }
      progress.finish();
      try {
        writeFileSync(csvPath, toCsv(result.results, rubric));
      } catch (error) {
        throw new UsageError(`cannot write ${csvPath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
      if (result.ignored.length > 0) {
        process.stderr.write(`paxos-verify grade: not submission folders, ignored: ${visibleControls(result.ignored.join(', '))}\n`);
      }
      process.stdout.write(toTable(result.results, rubric, { width: process.stdout.columns ?? 120 }));
      process.stdout.write(`CSV: ${csvPath}\n`);
      process.exitCode = result.results.some((r) => r.needsReview) ? 1 : 0;
    });
}
