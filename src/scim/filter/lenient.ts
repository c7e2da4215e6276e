const COMPARISON = /^(eq|ne|co|sw|ew|gt|ge|lt|le)$/i;
const JSON_LITERAL = /^(true|false|null|-?\d+(\.\d+)?([eE][-+]?\d+)?)$/;
const DELIMITER = /[\s()[\]"]/;

/**
 * Quotes bare words that stand where a comparison value belongs (`externalId eq jyoung` becomes
 * `externalId eq "jyoung"`). Text inside quotes is copied untouched. Used only to suggest the fix in the
 * invalidFilter detail; the quoted filter is never run.
 */
export function quoteBareValues(text: string): string {
  let out = '';
  let previous = '';
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (char === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      out += text.slice(i, end + 1);
      previous = '"';
      i = end + 1;
    } else if (DELIMITER.test(char)) {
      out += char;
      if (!/\s/.test(char)) previous = char;
      i++;
    } else {
      let end = i;
      while (end < text.length && !DELIMITER.test(text[end]!)) end++;
      const word = text.slice(i, end);
      out += COMPARISON.test(previous) && !JSON_LITERAL.test(word) ? JSON.stringify(word) : word;
      previous = word;
      i = end;
    }
  }
  return out;
}
