// A request body read exactly: JSON, with no key given twice in one object.
// Contract: `parseBody(text)` returns the parsed value, or a one-line reason it is not acceptable
// JSON. JSON.parse would silently keep the last of two equal keys, so a hostile body could show
// one `access` to a reader and another to the check; such a body is refused, naming the key and
// where it repeats (line:column, from 1). Keys compare after decoding (`"a"` equals `"\u0061"`).
// The scan is iterative and linear in the body's length.

export type Parsed = { value: unknown } | { error: string };

export function parseBody(text: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { error: `the request body is not JSON: ${(e as Error).message}` };
  }
  const dup = repeatedKey(text);
  if (dup) {
    const before = text.slice(0, dup.offset);
    const line = before.split("\n").length;
    const column = dup.offset - before.lastIndexOf("\n");
    return { error: `the request body gives the key \`${dup.key}\` twice in one object (at ${line}:${column})` };
  }
  return { value };
}

/** The first key repeated within one object of `text` (valid JSON), with the offset of its repeat. */
function repeatedKey(text: string): { key: string; offset: number } | undefined {
  const stack: Array<{ keys?: Set<string>; expectKey: boolean }> = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "{") stack.push({ keys: new Set(), expectKey: true });
    else if (c === "[") stack.push({ expectKey: false });
    else if (c === "}" || c === "]") stack.pop();
    else if (c === "," || c === ":") {
      const top = stack[stack.length - 1];
      if (top?.keys) top.expectKey = c === ",";
    } else if (c === '"') {
      const start = i;
      for (i++; text[i] !== '"'; i++) if (text[i] === "\\") i++;
      const top = stack[stack.length - 1];
      if (top?.keys && top.expectKey) {
        const key = JSON.parse(text.slice(start, i + 1)) as string;
        if (top.keys.has(key)) return { key, offset: start };
        top.keys.add(key);
      }
    }
  }
  return undefined;
}
