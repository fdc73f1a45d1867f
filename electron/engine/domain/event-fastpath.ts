/**
 * A fast, conservative check of `zs.event/1`: true only when the schema (zsEventSchema, zod)
 * would certainly accept the value, in which case the parsed JSON is used as it is. Anything
 * unusual — a field of a kind the check does not know, a rejected value — answers false and the
 * schema itself decides and words the reason. So the verdicts and the quarantine reasons are the
 * schema's; this only spares valid messages the schema's cost (≈ 10 µs of an ingest's ≈ 120 µs,
 * docs/performance.md). `event-fastpath.test.ts` checks against the schema that it never accepts
 * what the schema rejects, with random and mutated events.
 *
 * Kept in step with zsEventSchema by hand. A field added to the schema but not here would go
 * unchecked, so CHECKED_FIELDS lists the fields checked here and the test compares it with the
 * schema's. Unknown fields are ignored, as the schema does (looseObject).
 */
import { DOMAINS, EVENT_SOURCES, EVENT_STATUSES, SATISFACTIONS, isoTimestamp, type ZsEvent } from '../../contract'
import { EVENT_FIELDS } from '../../contract/event-fields'

/** The schema's own ISO 8601 pattern (zod's `z.iso.datetime({ offset: true })`). */
const ISO: RegExp = (isoTimestamp as unknown as { _zod: { pattern: RegExp } })._zod.pattern

const sources = new Set<unknown>(EVENT_SOURCES)
const domains = new Set<unknown>(DOMAINS)
const statuses = new Set<unknown>(EVENT_STATUSES)
const satisfactions = new Set<unknown>(SATISFACTIONS)

type Obj = Record<string, unknown>
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const text = (v: unknown, min: number, max: number) => typeof v === 'string' && v.length >= min && v.length <= max
const optText = (v: unknown, max: number) => v == null || (typeof v === 'string' && v.length <= max)
const optIso = (v: unknown) => v == null || (typeof v === 'string' && ISO.test(v))
const optNumber = (v: unknown, min: number, max: number) =>
  v == null || (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max)
const optInt = (v: unknown, min: number, max: number) =>
  v == null || (Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max)

function location(v: unknown): boolean {
  return (
    isObject(v) &&
    text(v.townshipCode, 1, 32) &&
    optText(v.township, 100) &&
    optText(v.villageCode, 32) &&
    optText(v.village, 100) &&
    optText(v.gridId, 64) &&
    optText(v.microGridId, 64) &&
    optText(v.address, 500) &&
    optNumber(v.lat, -90, 90) &&
    optNumber(v.lng, -180, 180)
  )
}

const reporter = (v: unknown) =>
  v == null || (isObject(v) && optText(v.name, 100) && optText(v.phone, 32) && optText(v.role, 64))
const assignee = (v: unknown) => v == null || (isObject(v) && optText(v.unitId, 64) && optText(v.unitName, 200))
const lastAction = (v: unknown) =>
  v == null || (isObject(v) && text(v.action, 1, 64) && optText(v.by, 200) && optIso(v.at) && optText(v.note, 4000))
const supervision = (v: unknown) =>
  v == null || (isObject(v) && optInt(v.level, 1, 3) && optText(v.note, 4000) && optText(v.by, 200) && optIso(v.at))

function attachments(v: unknown): boolean {
  if (v == null) return true
  if (!Array.isArray(v) || v.length > 100) return false
  for (const a of v) {
    if (!isObject(a) || !optText(a.kind, 32) || !text(a.url, 0, 2000) || !optText(a.name, 200)) return false
  }
  return true
}

function relatedIds(v: unknown): boolean {
  if (v == null) return true
  if (!Array.isArray(v) || v.length > 100) return false
  for (const id of v) if (!text(id, 1, 64)) return false
  return true
}

/** The fields each object of the event is checked for (the test compares them with the schema). */
export const CHECKED_FIELDS = {
  // Every top-level field of the contract (checked one by one in certainlyValidEvent).
  event: EVENT_FIELDS,
  location: ['townshipCode', 'township', 'villageCode', 'village', 'gridId', 'microGridId', 'address', 'lat', 'lng'],
  reporter: ['name', 'phone', 'role'],
  assignee: ['unitId', 'unitName'],
  lastAction: ['action', 'by', 'at', 'note'],
  supervision: ['level', 'note', 'by', 'at'],
  attachment: ['kind', 'url', 'name'],
} as const

/** True only if zsEventSchema certainly accepts `v` (then `v` can be used as the parsed event). */
export function certainlyValidEvent(v: unknown): v is ZsEvent {
  if (!isObject(v)) return false
  return (
    v.schema === 'zs.event/1' &&
    text(v.id, 1, 64) &&
    Number.isSafeInteger(v.version) &&
    (v.version as number) >= 1 &&
    sources.has(v.source) &&
    optText(v.channel, 64) &&
    domains.has(v.domain) &&
    text(v.category, 1, 64) &&
    (v.severity === 1 || v.severity === 2 || v.severity === 3 || v.severity === 4) &&
    text(v.title, 1, 200) &&
    optText(v.description, 20000) &&
    statuses.has(v.status) &&
    location(v.location) &&
    reporter(v.reporter) &&
    assignee(v.assignee) &&
    optIso(v.deadline) &&
    optIso(v.occurredAt) &&
    typeof v.reportedAt === 'string' &&
    ISO.test(v.reportedAt) &&
    typeof v.updatedAt === 'string' &&
    ISO.test(v.updatedAt) &&
    lastAction(v.lastAction) &&
    supervision(v.supervision) &&
    (v.satisfaction == null || satisfactions.has(v.satisfaction)) &&
    (v.resolvedOnSite == null || typeof v.resolvedOnSite === 'boolean') &&
    attachments(v.attachments) &&
    relatedIds(v.relatedIds) &&
    (v.drill == null || typeof v.drill === 'boolean')
  )
}
