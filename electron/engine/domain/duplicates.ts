/**
 * Duplicate suggestions (疑似重复): events of the same category reported near each other, or by
 * the same phone, within a time window. Pure rules here; the query that feeds them reads the
 * rows of the window (workbench-handlers.ts).
 */
import type { DuplicateReason } from '../../contract'

const EARTH_RADIUS_M = 6_371_000

/** Great-circle distance in metres (haversine). */
export function distanceMeters(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLng = (b.lng - a.lng) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)))
}

export interface DuplicateFacts {
  id: string
  category: string
  lat: number | null
  lng: number | null
  reporterPhone: string | null
  reportedMs: number
}

/** Digits only, so 139-3540-0000 and 13935400000 are the same phone; too short to mean anything: null. */
export function normalisePhone(phone: string | null | undefined): string | null {
  const digits = (phone ?? '').replace(/\D/g, '')
  return digits.length >= 7 ? digits : null
}

/** Why `other` may be a duplicate of `event` (empty: it is not), and how far apart they are. */
export function duplicateReasons(
  event: DuplicateFacts,
  other: DuplicateFacts,
  cfg: { distanceMeters: number; windowHours: number },
): { reasons: DuplicateReason[]; distanceMeters: number | null } {
  if (other.id === event.id || Math.abs(other.reportedMs - event.reportedMs) > cfg.windowHours * 3_600_000)
    return { reasons: [], distanceMeters: null }
  const reasons: DuplicateReason[] = []
  const located = event.lat !== null && event.lng !== null && other.lat !== null && other.lng !== null
  const d = located
    ? distanceMeters(event as { lat: number; lng: number }, other as { lat: number; lng: number })
    : null
  if (other.category === event.category && d !== null && d <= cfg.distanceMeters) reasons.push('nearby_same_category')
  const phone = normalisePhone(event.reporterPhone)
  if (phone && phone === normalisePhone(other.reporterPhone)) reasons.push('same_phone')
  return { reasons, distanceMeters: d === null ? null : Math.round(d) }
}
