// The one escaping function for every piece of run text that reaches the page
// (raw lines, values, file names, finding messages): student text must render
// as text, in element content and in quoted attributes alike.

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML/SVG content and double- or single-quoted attribute
 * values. Control characters (NUL, ESC, ...) are not allowed raw in HTML and
 * would hide what the student printed, so they are shown as \u0000 escapes;
 * so are lone surrogates (written to the file they would silently become
 * U+FFFD) and the noncharacters U+FDD0..U+FDEF, U+FFFE, U+FFFF.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]/gu, (c) =>
    ENTITIES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
