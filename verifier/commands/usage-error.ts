/** A bad command line: reported on one line, exit code 2. */
export class UsageError extends Error {}
