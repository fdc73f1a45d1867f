/**
 * Reading an event's payload (the platform's JSON, unknown fields included) for display.
 * Everything here returns plain strings: text from MQTT is shown as text, never as HTML.
 */
import type { EventVersion } from '../../../electron/contract'
import { EVENT_FIELDS } from '../../../electron/contract/event-fields'

type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/** A string field at a dotted path, or null. Numbers and booleans are stringified. */
export function textAt(obj: unknown, path: string): string | null {
  let cur: unknown = obj
  for (const key of path.split('.')) {
    if (!isObject(cur)) return null
    cur = cur[key]
  }
  if (typeof cur === 'string') return cur
  if (typeof cur === 'number' || typeof cur === 'boolean') return String(cur)
  return null
}

export function valueAt(obj: unknown, path: string): unknown {
  let cur: unknown = obj
  for (const key of path.split('.')) {
    if (!isObject(cur)) return undefined
    cur = cur[key]
  }
  return cur
}

export interface VersionEntry {
  version: number
  status: string | null
  action: string | null
  by: string | null
  at: string | null
  note: string | null
  receivedAt: string
  updatedAt: string | null
  topic: string
}

/** The version trace, newest first. */
export function versionTrace(versions: readonly EventVersion[]): VersionEntry[] {
  return versions
    .map((v) => ({
      version: v.version,
      status: textAt(v.payload, 'status'),
      action: textAt(v.payload, 'lastAction.action'),
      by: textAt(v.payload, 'lastAction.by'),
      at: textAt(v.payload, 'lastAction.at'),
      note: textAt(v.payload, 'lastAction.note'),
      receivedAt: v.receivedAt,
      updatedAt: textAt(v.payload, 'updatedAt'),
      topic: v.topic,
    }))
    .sort((a, b) => b.version - a.version)
}

/** Fields of zs.event/1 the detail view shows in its own layout; everything else is "other". */
export const KNOWN_EVENT_FIELDS: ReadonlySet<string> = new Set(EVENT_FIELDS)

/** Unknown top-level fields as [name, text] pairs (JSON for structures), for completeness. */
export function otherFields(current: Json): [string, string][] {
  return Object.keys(current)
    .filter((k) => !KNOWN_EVENT_FIELDS.has(k) && current[k] !== null && current[k] !== undefined)
    .sort()
    .map((k) => [k, plainText(current[k])])
}

/** Any JSON value as one line of plain text. */
export function plainText(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  try {
    return JSON.stringify(v)
  } catch {
    return String(v)
  }
}

export interface AttachmentEntry {
  kind: string | null
  name: string | null
  url: string
  /** The URL when it is an http(s) link that may be opened outside the app; null otherwise. */
  webUrl: string | null
}

/** An absolute http(s) URL (normalised), or null: javascript:, data:, file: and the like are never links. */
export function webUrl(url: string): string | null {
  try {
    const u = new URL(url)
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null
  } catch {
    return null
  }
}

export function attachments(current: Json): AttachmentEntry[] {
  const list = valueAt(current, 'attachments')
  if (!Array.isArray(list)) return []
  return list.filter(isObject).map((a) => {
    const url = textAt(a, 'url') ?? ''
    return { kind: textAt(a, 'kind'), name: textAt(a, 'name'), url, webUrl: webUrl(url) }
  })
}

export function relatedIds(current: Json): string[] {
  const list = valueAt(current, 'relatedIds')
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : []
}

/** "王建军 · 13935400000 · grid_worker" — the parts that exist. */
export function joinParts(...parts: (string | null | undefined)[]): string {
  return parts.filter((p): p is string => Boolean(p && p.trim())).join(' · ')
}

/** One line of the full trace (全程留痕): a version received, or a command the hall issued. */
export type TraceEntry =
  | ({ kind: 'version'; sortMs: number } & VersionEntry)
  | {
      kind: 'command'
      sortMs: number
      commandId: string
      action: string
      operator: string
      state: 'pending' | 'sent' | 'acknowledged' | 'failed'
      issuedAt: string
      settledAt: string | null
      baseVersion: number
      resultVersion: number | null
      error: { code: string; message: string } | null
      note: string | null
    }

interface CommandLike {
  commandId: string
  action: string
  operator: { id: string; name: string }
  state: 'pending' | 'sent' | 'acknowledged' | 'failed'
  issuedAt: string
  settledAt: string | null
  target: { baseVersion: number; drillRunId: string | null }
  resultVersion: number | null
  error: { code: string; message: string } | null
  params: Record<string, unknown>
}

const msOf = (iso: string | null | undefined) => {
  const t = iso ? Date.parse(iso) : NaN
  return Number.isNaN(t) ? 0 : t
}

/**
 * Versions and commands of one event in one timeline, newest first: a version at the time of its
 * action (or update, or arrival), a command at the time it was issued. A command sorts below the
 * version it produced when both carry the same second.
 */
export function fullTrace(
  versions: readonly EventVersion[],
  commands: readonly CommandLike[],
  drillRunId: string | null,
): TraceEntry[] {
  const out: TraceEntry[] = versionTrace(versions).map((v) => ({
    kind: 'version' as const,
    sortMs: msOf(v.at ?? v.updatedAt ?? v.receivedAt),
    ...v,
  }))
  for (const c of commands) {
    if ((c.target.drillRunId ?? null) !== drillRunId) continue
    const note = ['note', 'reason']
      .map((k) => c.params[k])
      .filter((x): x is string => typeof x === 'string' && x.length > 0)
      .join('；')
    out.push({
      kind: 'command',
      sortMs: msOf(c.issuedAt),
      commandId: c.commandId,
      action: c.action,
      operator: c.operator.name,
      state: c.state,
      issuedAt: c.issuedAt,
      settledAt: c.settledAt,
      baseVersion: c.target.baseVersion,
      resultVersion: c.resultVersion,
      error: c.error,
      note: note || null,
    })
  }
  return out.sort(
    (a, b) =>
      b.sortMs - a.sortMs ||
      (a.kind === b.kind ? 0 : a.kind === 'version' ? -1 : 1) ||
      (a.kind === 'version' && b.kind === 'version' ? b.version - a.version : 0),
  )
}
