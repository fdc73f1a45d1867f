/**
 * Decoding of raw MQTT payloads into validated contract messages. Pure: bytes in, a verdict out.
 * Every rejection carries a reason an administrator can read in the quarantine.
 */
import type { z } from 'zod'

/**
 * Deepest nesting of objects/arrays accepted in a message. The contract is silent; real payloads
 * nest 3–4 levels. Far deeper documents are hostile: they parse, but serialising them again
 * (for the UI, the API, the trace) overflows the stack.
 */
export const MAX_JSON_DEPTH = 64

/** True when the JSON text nests objects/arrays deeper than `limit` (strings are skipped). */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c)
        i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true
    } else if (c === 0x7d || c === 0x5d) depth--
  }
  return false
}

/**
 * True when the bytes hold at most `limit` `{` and `[` in all (strings included): then nothing
 * can nest deeper than `limit`, and the character scan of nestsDeeperThan can be skipped. Both are
 * ASCII, so in UTF-8 these bytes are never part of another character. A few native searches
 * instead of a loop over every character: most messages hold a handful.
 */
export function bracketsAtMost(payload: Uint8Array, limit: number): boolean {
  const bytes = Buffer.isBuffer(payload) ? payload : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength)
  let n = 0
  for (const b of [0x7b, 0x5b]) {
    for (let at = bytes.indexOf(b); at !== -1; at = bytes.indexOf(b, at + 1)) if (++n > limit) return false
  }
  return true
}

export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: string }

/**
 * The UTF-8 bytes of what `utf8.decode(payload)` returned: the payload itself, or past its byte
 * order mark (the decoder drops one). A writer can store these instead of the string: binding a
 * string makes better-sqlite3 encode it to UTF-8 again (a few µs a message for a payload with
 * Chinese text, docs/performance.md).
 */
function textBytes(payload: Uint8Array): Uint8Array {
  return payload.length >= 3 && payload[0] === 0xef && payload[1] === 0xbb && payload[2] === 0xbf
    ? payload.subarray(3)
    : payload
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** Formats the first few schema issues as `path: message; …` (paths like location.townshipCode). */
export function describeIssues(issues: readonly z.core.$ZodIssue[], max = 5): string {
  const parts = issues
    .slice(0, max)
    .map((i) => `${i.path.length ? i.path.map(String).join('.') : '(root)'}: ${i.message}`)
  if (issues.length > max) parts.push(`… ${issues.length - max} more`)
  return parts.join('; ')
}

/**
 * bytes → size check → strict UTF-8 → JSON → plain object → schema.
 * `__proto__` keys are harmless: JSON.parse defines them as own data properties and the schema
 * output is a fresh object; the raw text is what gets stored.
 */
export function decodeJson<S extends z.ZodType>(
  payload: Uint8Array,
  schema: S,
  maxBytes: number,
  /**
   * A conservative fast check (e.g. event-fastpath.ts): when it answers true the parsed JSON is
   * taken as the message without running the schema; false leaves the verdict to the schema.
   */
  certainlyValid?: (json: object) => boolean,
): Decoded<{ message: z.output<S>; text: string; bytes: Uint8Array }> {
  if (payload.byteLength > maxBytes) {
    return { ok: false, reason: `too_large: ${payload.byteLength} bytes exceeds the ${maxBytes}-byte limit` }
  }
  let text: string
  try {
    text = utf8.decode(payload)
  } catch {
    return { ok: false, reason: 'invalid_utf8: the payload is not valid UTF-8' }
  }
  if (!bracketsAtMost(payload, MAX_JSON_DEPTH) && nestsDeeperThan(text, MAX_JSON_DEPTH)) {
    return { ok: false, reason: `too_deep: objects/arrays nested deeper than ${MAX_JSON_DEPTH} levels` }
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    return { ok: false, reason: `not_json: ${(e as Error).message.slice(0, 200)}` }
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return {
      ok: false,
      reason: `not_object: the payload is ${Array.isArray(json) ? 'an array' : json === null ? 'null' : typeof json}, not a JSON object`,
    }
  }
  if (certainlyValid?.(json))
    return { ok: true, value: { message: json as z.output<S>, text, bytes: textBytes(payload) } }
  const parsed = schema.safeParse(json)
  if (!parsed.success) {
    return { ok: false, reason: `schema: ${describeIssues(parsed.error.issues)}` }
  }
  return { ok: true, value: { message: parsed.data, text, bytes: textBytes(payload) } }
}

/** Milliseconds since the epoch of an ISO 8601 timestamp already validated by the schema. */
export const toMs = (iso: string) => Date.parse(iso)
