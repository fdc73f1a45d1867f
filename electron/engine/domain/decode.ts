/**
 * Decoding of raw MQTT payloads into validated contract messages. Pure: bytes in, a verdict out.
 * Every rejection carries a reason an administrator can read in the quarantine.
 */
import type { z } from 'zod'

export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: string }

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
): Decoded<{ message: z.output<S>; text: string }> {
  if (payload.byteLength > maxBytes) {
    return { ok: false, reason: `too_large: ${payload.byteLength} bytes exceeds the ${maxBytes}-byte limit` }
  }
  let text: string
  try {
    text = utf8.decode(payload)
  } catch {
    return { ok: false, reason: 'invalid_utf8: the payload is not valid UTF-8' }
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
  const parsed = schema.safeParse(json)
  if (!parsed.success) {
    return { ok: false, reason: `schema: ${describeIssues(parsed.error.issues)}` }
  }
  return { ok: true, value: { message: parsed.data, text } }
}

/** Milliseconds since the epoch of an ISO 8601 timestamp already validated by the schema. */
export const toMs = (iso: string) => Date.parse(iso)
