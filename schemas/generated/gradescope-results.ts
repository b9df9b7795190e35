/* Generated from schemas/gradescope-results.schema.json by scripts/gen-types.mjs. Do not edit: edit the schema and run npm run gen:types. */

/**
 * Gradescope autograder results.json (the fields of Gradescope's autograder specification that paxos-verify grade writes, plus the optional ones it may meet). Either a top-level score or a score on every test is required.
 */
export type GradescopeResults = (
  | {
      [k: string]: unknown | undefined;
    }
  | {
      tests: {
        [k: string]: unknown | undefined;
      }[];
    }
) & {
  /**
   * Total score; overrides the sum of the tests when present.
   */
  score?: number;
  /**
   * Seconds.
   */
  execution_time?: number;
  /**
   * Text about the whole submission.
   */
  output?: string;
  output_format?: GradescopeOutputFormat;
  test_output_format?: GradescopeOutputFormat;
  test_name_format?: GradescopeOutputFormat;
  visibility?: GradescopeVisibility;
  stdout_visibility?: GradescopeVisibility;
  extra_data?: {};
  tests?: GradescopeTest[];
  leaderboard?: {
    name: string;
    value: number | string;
    order?: "asc" | "desc";
  }[];
};
export type GradescopeOutputFormat = "text" | "html" | "simple_format" | "md" | "ansi";
export type GradescopeVisibility = "visible" | "hidden" | "after_due_date" | "after_published";

export interface GradescopeTest {
  score?: number;
  max_score?: number;
  status?: "passed" | "failed";
  name?: string;
  name_format?: GradescopeOutputFormat;
  number?: string;
  output?: string;
  output_format?: GradescopeOutputFormat;
  tags?: string[];
  visibility?: GradescopeVisibility;
  extra_data?: {};
}
