// Names of the files grade writes for a submission, in one place: the writer
// uses them, and discovery skips them so grading twice reads the same inputs.

export const RESULT_FILES = {
  gradescope: 'results.json',
  junit: 'junit.xml',
  classroom: 'classroom-result.json',
} as const;

export function diagramFile(testcaseId: string): string {
  return `diagram-${testcaseId}.html`;
}

/** The summary CSV's default name: in a folder graded as one submission it lands beside the logs. */
export const CSV_FILE = 'grades.csv';

export function isDiagramFile(name: string): boolean {
  return /^diagram-tc\d+\.html$/.test(name);
}

export function isOutputFile(name: string): boolean {
  return (Object.values(RESULT_FILES) as string[]).includes(name) || name === CSV_FILE || isDiagramFile(name);
}
