/**
 * Time formatting for payloads. The contract wants ISO 8601 with an offset and the hall shows
 * Asia/Shanghai time, so the simulator writes +08:00 like the real platform does (China has no
 * daylight saving, so a fixed offset is exact).
 */

const OFFSET_MS = 8 * 60 * 60 * 1000

/** 2026-11-27T09:20:31+08:00 (whole seconds, as platforms usually send). */
export function toShanghaiIso(ms: number): string {
  const shifted = new Date(Math.floor(ms / 1000) * 1000 + OFFSET_MS)
  return `${shifted.toISOString().slice(0, 19)}+08:00`
}

/** 20261127: the Shanghai calendar date, as used in event ids. */
export function shanghaiDateKey(ms: number): string {
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 10).replaceAll('-', '')
}

/** Shanghai hour of day 0–23, to make the stream follow the day (quiet at night). */
export function shanghaiHour(ms: number): number {
  return new Date(ms + OFFSET_MS).getUTCHours()
}

/** Milliseconds of an ISO timestamp; NaN when unparsable. */
export function parseIso(iso: string | null | undefined): number {
  return iso ? Date.parse(iso) : Number.NaN
}

export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR
