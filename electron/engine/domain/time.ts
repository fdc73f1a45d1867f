/** Time helpers for the hall's display zone, Asia/Shanghai (UTC+8, no daylight saving). */
export const HALL_TIME_ZONE = 'Asia/Shanghai'
const OFFSET_MS = 8 * 3600_000
const HOUR = 3600_000
const DAY = 24 * HOUR

/** Start of the Asia/Shanghai calendar day containing `ms`. */
export const startOfHallDay = (ms: number) => Math.floor((ms + OFFSET_MS) / DAY) * DAY - OFFSET_MS
/** Start of the hour containing `ms` (whole-hour offset, so the same in UTC and UTC+8). */
export const startOfHour = (ms: number) => Math.floor(ms / HOUR) * HOUR

/** ISO 8601 in Asia/Shanghai with its offset, e.g. 2026-11-27T10:00:00+08:00. */
export function toHallIso(ms: number): string {
  return new Date(ms + OFFSET_MS).toISOString().replace(/\.\d{3}Z$/, '+08:00')
}

export const HOUR_MS = HOUR
