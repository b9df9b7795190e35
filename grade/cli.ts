// `paxos-verify grade DIR`: grades every submission folder of DIR, prints the
// summary table, writes grades.csv and each submission's autograder files.
// Exit 0: every submission was graded and written; 1: some need a look by
// hand (a log missing, ambiguous or unreadable, or a file not written); 2:
// could not run (bad arguments, rubric or folder, no submissions, output
// folder not writable) or the CSV could not be written.

import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import type { GradeFlags } from './run.js';

const HELP_AFTER = `
DIR holds one folder per submission (links to folders are followed). In each,
the testcase logs are found by name (case-insensitive): tc1.log,
testcase1.txt, docker-compose-testcase-1.log, test1.out, part2.log, ... or a
tc1/ folder of per-peer logs (peer1.log ...). Two candidates for one testcase,
or none, leave that testcase ungraded (0 points) with a note in the table, the
CSV and the autograder files. A DIR holding testcase logs itself is graded as
one submission, its files written straight into OUT.

Each submission's files go to OUT/<submission>/ (OUT defaults to DIR):
results.json (Gradescope), junit.xml, classroom-result.json (GitHub Classroom
autograding result) and diagram-tc1.html / diagram-tc2.html. With none of
--gradescope --junit --classroom --html, all four are written. A file that
cannot be written is a note on that submission; the others are still graded.

Exit codes: 0 every submission was graded and its files written (whatever its
points), 1 some submission needs a look by hand (log missing, ambiguous or
unreadable, or a file not written), 2 grading could not run (or the CSV could
not be written: the table is printed first).

Examples:
  paxos-verify grade fixtures/class-example
  paxos-verify grade submissions/ --out graded/ --gradescope --html
  paxos-verify grade submissions/ --rubric my-rubric.yaml --no-files --csv grades.csv
  paxos-verify grade /autograder/submission --out /autograder/results --gradescope
`;

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
    .option('--no-files', 'write no per-submission files: only the table and the CSV (not with a format flag)')
    .option('--jobs <n>', 'submissions graded in parallel (worker threads; at most the number of cores)', String(availableParallelism()))
    .option('--no-progress', 'no progress on stderr')
    .addHelpText('after', HELP_AFTER)
    .action(async (dir: string, flags: GradeFlags) => {
      const { runGrade } = await import('./run.js');
      await runGrade(dir, flags);
    });
}
