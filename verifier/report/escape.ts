// Student text must never reach a terminal raw: control characters (C0, DEL,
// C1 such as the 8-bit CSI), line separators and bidirectional overrides are
// written as \uXXXX escapes before any reporter prints them.

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function escapeText(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Beyond C0, which JSON.stringify already escapes inside strings (raw C0 left are its own newlines). */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** For JSON produced by JSON.stringify: valid JSON still, and safe on a terminal. */
export function escapeJsonOutput(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
