/** The wall's newest community video alerts: what each card shows. */
import type { SnapshotRef, VideoAlertSummary } from '../../../../electron/contract'
import { formatTime, hallDate } from '../../utils/format'

export interface AlertCard {
  key: string
  id: string
  type: string
  status: string
  place: string
  company: string | null
  /** HH:mm:ss when detected today, else MM-DD HH:mm */
  time: string
  snapshot: SnapshotRef | null
  boxes: { x: number; y: number; w: number; h: number; label: string | null }[]
}

export function alertCards(
  alerts: readonly VideoAlertSummary[] | null | undefined,
  boxes: ReadonlyMap<string, AlertCard['boxes']>,
  limit: number,
  now: Date = new Date(),
): AlertCard[] {
  const today = hallDate(now)
  return (alerts ?? [])
    .filter((a) => !a.drill)
    .slice(0, Math.max(0, limit))
    .map((a) => {
      const sameDay = hallDate(a.detectedAt) === today
      return {
        key: a.key,
        id: a.id,
        type: a.type,
        status: a.status,
        place: [a.communityName ?? a.communityId, a.cameraName].filter(Boolean).join(' · '),
        company: a.propertyCompanyName,
        time: sameDay
          ? formatTime(a.detectedAt)
          : `${hallDate(a.detectedAt).slice(5)} ${formatTime(a.detectedAt).slice(0, 5)}`,
        snapshot: a.snapshot,
        boxes: boxes.get(a.key) ?? [],
      }
    })
}
