/* Generated from schemas/classroom-result.schema.json by scripts/gen-types.mjs. Do not edit: edit the schema and run npm run gen:types. */

/**
 * fail when any test failed, error when a test could not run.
 */
export type ClassroomStatus = "pass" | "fail" | "error";
export type ClassroomStatus1 = "pass" | "fail" | "error";

/**
 * GitHub Classroom autograding runner result: the JSON that a grader step hands (base64-encoded, as its `result` output) to the autograding grading reporter, which reads status, max_score and tests[].name/status/score/message.
 */
export interface ClassroomResult {
  version: 1;
  status: ClassroomStatus;
  max_score: number;
  /**
   * @minItems 1
   */
  tests: [ClassroomTest, ...ClassroomTest[]];
}
export interface ClassroomTest {
  name: string;
  status: ClassroomStatus1;
  score: number;
  message: string | null;
  test_code?: string;
  filename?: string;
  line_no?: number;
  /**
   * Milliseconds.
   */
  duration?: number;
}
