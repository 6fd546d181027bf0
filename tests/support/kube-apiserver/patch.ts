/** RFC 7386 JSON merge patch and RFC 6902 JSON patch, as kube-apiserver applies them to custom resources. */
import { StatusError, status } from "./status";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return structuredClone(patch);
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function invalidPatch(message: string): StatusError {
  return new StatusError(status(422, "Invalid", message));
}

function parsePointer(p: string): string[] {
  if (p === "") return [];
  if (!p.startsWith("/")) throw invalidPatch(`the server rejected our request due to an error in our request: invalid JSON pointer ${JSON.stringify(p)}`);
  return p
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function parentOf(doc: unknown, path: string[], op: string, raw: string): { parent: Obj | unknown[]; last: string } {
  let cur: unknown = doc;
  for (const t of path.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isObj(cur)) cur = cur[t];
    else cur = undefined;
    if (cur === undefined) throw invalidPatch(`the server rejected our request due to an error in our request: ${op} operation does not apply: doc is missing path: "${raw}": missing value`);
  }
  if (!Array.isArray(cur) && !isObj(cur)) throw invalidPatch(`the server rejected our request due to an error in our request: ${op} operation does not apply: doc is missing path: "${raw}"`);
  return { parent: cur, last: path[path.length - 1] };
}

function getAt(doc: unknown, raw: string, op: string): unknown {
  let cur: unknown = doc;
  for (const t of parsePointer(raw)) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isObj(cur)) cur = cur[t];
    else cur = undefined;
    if (cur === undefined) throw invalidPatch(`the server rejected our request due to an error in our request: ${op} operation does not apply: doc is missing path: "${raw}": missing value`);
  }
  return cur;
}

function removeAt(doc: unknown, raw: string, op: string): unknown {
  const path = parsePointer(raw);
  const { parent, last } = parentOf(doc, path, op, raw);
  if (Array.isArray(parent)) {
    const i = Number(last);
    if (!(i >= 0 && i < parent.length)) throw invalidPatch(`the server rejected our request due to an error in our request: ${op} operation does not apply: doc is missing path: "${raw}"`);
    return parent.splice(i, 1)[0];
  }
  if (!(last in parent)) throw invalidPatch(`the server rejected our request due to an error in our request: ${op} operation does not apply: doc is missing path: "${raw}"`);
  const v = parent[last];
  delete parent[last];
  return v;
}

function addAt(doc: unknown, raw: string, value: unknown, replace: boolean): unknown {
  const path = parsePointer(raw);
  if (path.length === 0) return structuredClone(value);
  const { parent, last } = parentOf(doc, path, replace ? "replace" : "add", raw);
  if (Array.isArray(parent)) {
    const i = last === "-" ? parent.length : Number(last);
    if (replace) parent[i] = structuredClone(value);
    else parent.splice(i, 0, structuredClone(value));
  } else {
    if (replace && !(last in parent)) throw invalidPatch(`the server rejected our request due to an error in our request: replace operation does not apply: doc is missing key: ${raw}: missing value`);
    parent[last] = structuredClone(value);
  }
  return doc;
}

export function jsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new StatusError(status(400, "BadRequest", "json: cannot unmarshal object into Go value of type jsonpatch.Patch"));
  let out = structuredClone(doc);
  for (const o of ops) {
    if (!isObj(o) || typeof o.op !== "string" || typeof o.path !== "string") throw invalidPatch("the server rejected our request due to an error in our request");
    switch (o.op) {
      case "add":
        out = addAt(out, o.path, o.value, false);
        break;
      case "replace":
        out = addAt(out, o.path, o.value, true);
        break;
      case "remove":
        removeAt(out, o.path, "remove");
        break;
      case "move": {
        const v = removeAt(out, String(o.from), "move");
        out = addAt(out, o.path, v, false);
        break;
      }
      case "copy":
        out = addAt(out, o.path, getAt(out, String(o.from), "copy"), false);
        break;
      case "test":
        if (JSON.stringify(getAt(out, o.path, "test")) !== JSON.stringify(o.value)) {
          throw invalidPatch(`the server rejected our request due to an error in our request: testing value ${o.path} failed: test failed`);
        }
        break;
      default:
        throw invalidPatch(`the server rejected our request due to an error in our request: Unexpected kind: ${o.op}`);
    }
  }
  return out;
}
