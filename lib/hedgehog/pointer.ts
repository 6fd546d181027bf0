/**
 * JSON Pointer helpers (RFC 6901). Pure.
 *
 * A pointer is "" (the whole document) or a sequence of "/"-prefixed reference tokens in which "~" is written "~0"
 * and "/" is written "~1". Array indices are decimal tokens ("0", "12"); "-" means "past the end" when setting.
 */

/** Escapes one reference token: "~" → "~0", "/" → "~1". */
export function escapeToken(token: string | number): string {
  const s = String(token);
  if (!s.includes("~") && !s.includes("/")) return s;
  return s.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Unescapes one reference token: "~1" → "/", "~0" → "~" (in that order, per RFC 6901 §4). */
export function unescapeToken(token: string): string {
  if (!token.includes("~")) return token;
  return token.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** Builds a pointer from unescaped tokens: `["spec", "subnets", "a/b"]` → `/spec/subnets/a~1b`. */
export function toPointer(tokens: ReadonlyArray<string | number>): string {
  let out = "";
  for (const t of tokens) out += "/" + escapeToken(t);
  return out;
}

/** Splits a pointer into unescaped tokens. Throws on a non-empty pointer that does not start with "/". */
export function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new Error(`invalid JSON pointer ${JSON.stringify(pointer)}: must start with "/"`);
  return pointer.slice(1).split("/").map(unescapeToken);
}

/** Appends one token to a pointer. */
export function appendPointer(pointer: string, token: string | number): string {
  return pointer + "/" + escapeToken(token);
}

function isIndex(token: string): boolean {
  return /^(0|[1-9][0-9]*)$/.test(token);
}

/** Returns the value a pointer refers to, or undefined when any step is missing. */
export function getPointer(value: unknown, pointer: string): unknown {
  let cur: unknown = value;
  for (const token of parsePointer(pointer)) {
    if (Array.isArray(cur)) {
      if (!isIndex(token)) return undefined;
      cur = cur[Number(token)];
    } else if (cur !== null && typeof cur === "object") {
      if (!Object.prototype.hasOwnProperty.call(cur, token)) return undefined;
      cur = (cur as Record<string, unknown>)[token];
    } else {
      return undefined;
    }
  }
  return cur;
}

/**
 * Returns a copy of `value` with the value at `pointer` replaced (structural sharing: only the containers on the path
 * are copied; the input is never mutated). A missing container is created as an array when the token that indexes it
 * is "-" or "0", otherwise as an object. `setPointer(v, "", x)` returns `x`.
 */
export function setPointer<T>(value: T, pointer: string, newValue: unknown): T {
  const tokens = parsePointer(pointer);
  const rec = (cur: unknown, i: number): unknown => {
    if (i === tokens.length) return newValue;
    const token = tokens[i];
    if (Array.isArray(cur)) {
      const copy = cur.slice();
      const idx = token === "-" ? copy.length : isIndex(token) ? Number(token) : NaN;
      if (Number.isNaN(idx) || idx > copy.length) throw new Error(`invalid array index ${JSON.stringify(token)} in ${pointer}`);
      copy[idx] = rec(copy[idx], i + 1);
      return copy;
    }
    if (cur !== null && typeof cur === "object") {
      const copy: Record<string, unknown> = { ...(cur as Record<string, unknown>) };
      copy[token] = rec(copy[token], i + 1);
      return copy;
    }
    // Missing container: an array when this token appends ("-") or is index 0, otherwise an object.
    if (token === "-" || token === "0") return [rec(undefined, i + 1)];
    return { [token]: rec(undefined, i + 1) };
  };
  return rec(value, 0) as T;
}

/** Returns a copy of `value` without the member at `pointer` (no-op copy when it does not exist). */
export function removePointer<T>(value: T, pointer: string): T {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return undefined as T;
  const rec = (cur: unknown, i: number): unknown => {
    const token = tokens[i];
    const last = i === tokens.length - 1;
    if (Array.isArray(cur)) {
      if (!isIndex(token) || Number(token) >= cur.length) return cur;
      const copy = cur.slice();
      if (last) copy.splice(Number(token), 1);
      else copy[Number(token)] = rec(copy[Number(token)], i + 1);
      return copy;
    }
    if (cur !== null && typeof cur === "object") {
      if (!Object.prototype.hasOwnProperty.call(cur, token)) return cur;
      const copy: Record<string, unknown> = { ...(cur as Record<string, unknown>) };
      if (last) delete copy[token];
      else copy[token] = rec(copy[token], i + 1);
      return copy;
    }
    return cur;
  };
  return rec(value, 0) as T;
}
