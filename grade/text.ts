// Student text (folder and file names, printed lines) reaches terminals, CSV
// cells, JSON and XML. What would be invisible, reorder the text around it, or
// make an XML file invalid is shown as a \u001b-style escape there, never raw.

import stringWidth from 'string-width';

/**
 * C0 controls except tab, newline and carriage return; DEL and C1; line and
 * paragraph separators; bidirectional overrides and isolates; lone surrogates;
 * noncharacters (U+FDD0..U+FDEF, and the last two code points of every plane,
 * U+FFFE, U+FFFF, U+1FFFE ...). With the `u` flag a surrogate pair is one code
 * point, so only a lone half matches the surrogate range. Together this covers
 * every character XML 1.0 forbids.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]|[\u{1fffe}-\u{10ffff}]/gu;

function escapeCodePoint(c: string): string {
  const code = c.codePointAt(0)!;
  // Beyond the BMP only the noncharacters (U+xFFFE, U+xFFFF) are escaped.
  if (code > 0xffff) return (code & 0xfffe) === 0xfffe ? `\\u{${code.toString(16)}}` : c;
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

export function visibleControls(text: string): string {
  return text.replace(UNSAFE, escapeCodePoint);
}

/**
 * For every string that goes into an XML file: valid XML 1.0 whatever the
 * student printed. The same escapes as everywhere else, so a name reads the
 * same in the table, the CSV and the XML.
 */
export const xmlSafe = visibleControls;

/** For one table cell: a tab or line break would break the row, so it is escaped too. */
export function cellText(text: string): string {
  return visibleControls(text).replace(/[\t\n\r]/g, escapeCodePoint);
}

/** Columns a string takes on a terminal: 2 for CJK and most emoji, 0 for combining marks. */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

export function padDisplay(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Cuts text to at most `max` terminal columns, ending in … when cut; never splits a character. */
export function truncate(text: string, max: number): string {
  if (displayWidth(text) <= max) return text;
  let out = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const w = displayWidth(segment);
    if (used + w > max - 1) break;
    out += segment;
    used += w;
  }
  return `${out}…`;
}
