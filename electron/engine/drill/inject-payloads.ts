/**
 * What an inject publishes: the same zs.event/1, zs.video_alert/1 and zs.zero_report/1 payloads
 * as the platform's, every one with `"drill": true`, on the same topics below
 * `{root}/drill/{runId}/` (mqtt-contract.md). Pure: the caller passes the time and the county.
 */
import type { DrillInject, ZsEvent, ZsVideoAlert, ZsZeroReport } from '../../contract'
import { paintSnapshot } from '../../sim/png'
import { toShanghaiIso, shanghaiDateKey } from '../../sim/time'
import type { RegistryUnit } from '../../sim/county'

/** The reference data an inject needs (the hall's registry, or the demo county's). */
export interface DrillCounty {
  townships: readonly { code: string; name: string; lat?: number; lng?: number }[]
  villages: readonly { code: string; name: string; townshipCode: string }[]
  units: readonly RegistryUnit[]
  communities: readonly { id: string; name: string; townshipCode: string; propertyCompanyId?: string | null }[]
  propertyCompanies: readonly { id: string; name: string }[]
}

export interface Publication {
  topic: string
  payload: ZsEvent | ZsVideoAlert | ZsZeroReport
  /** The platform-side target a trainee may command (events and alerts). */
  target: { type: 'event' | 'video_alert'; id: string } | null
}

export const drillEventId = (injectId: string) => `DRILL-${injectId}`
export const drillAlertId = (injectId: string) => `VA-DRILL-${injectId}`
export const drillTopic = (root: string, runId: string, rest: string) => `${root}/drill/${runId}/${rest}`

/**
 * The publication of one inject at `atMs`. A follow-up needs the platform's latest version of
 * the event it continues (`latestOf`); without it (never published) there is nothing to send.
 */
export function injectPublication(
  inject: DrillInject,
  ctx: {
    root: string
    runId: string
    atMs: number
    county: DrillCounty
    latestOf: (eventId: string) => { topic: string; event: ZsEvent } | null
  },
): Publication | null {
  const at = toShanghaiIso(ctx.atMs)
  const t = (rest: string) => drillTopic(ctx.root, ctx.runId, rest)
  const townshipName = (code: string) => ctx.county.townships.find((x) => x.code === code)?.name ?? null
  switch (inject.kind) {
    case 'event': {
      const village = inject.villageCode ? ctx.county.villages.find((v) => v.code === inject.villageCode) : undefined
      const township = ctx.county.townships.find((x) => x.code === inject.townshipCode)
      const event: ZsEvent = {
        schema: 'zs.event/1',
        id: drillEventId(inject.id),
        version: 1,
        source: inject.source,
        channel: inject.channel ?? null,
        domain: inject.domain,
        category: inject.category,
        severity: inject.severity,
        title: inject.title,
        description: inject.description ?? inject.title,
        status: 'reported',
        location: {
          townshipCode: inject.townshipCode,
          township: township?.name ?? null,
          villageCode: inject.villageCode ?? null,
          village: village?.name ?? null,
          gridId: inject.villageCode ? `G-${inject.villageCode}-01` : null,
          address: inject.address ?? village?.name ?? null,
          lat: township?.lat ?? null,
          lng: township?.lng ?? null,
        },
        reporter: inject.reporterName
          ? { name: inject.reporterName, role: inject.source === 'grid_patrol' ? 'grid_worker' : null }
          : null,
        assignee: null,
        deadline: null,
        occurredAt: at,
        reportedAt: at,
        updatedAt: at,
        lastAction: null,
        supervision: null,
        satisfaction: null,
        resolvedOnSite: false,
        attachments: [],
        relatedIds: [],
        drill: true,
      } as ZsEvent
      return { topic: t(`events/${inject.source}`), payload: event, target: { type: 'event', id: event.id } }
    }
    case 'follow_up': {
      const latest = ctx.latestOf(drillEventId(inject.followsInjectId))
      if (!latest) return null
      const previous = Date.parse(latest.event.updatedAt)
      const updatedAt = toShanghaiIso(Number.isFinite(previous) ? Math.max(previous, ctx.atMs) : ctx.atMs)
      const event: ZsEvent = {
        ...latest.event,
        version: latest.event.version + 1,
        severity: (inject.severity ?? latest.event.severity) as ZsEvent['severity'],
        description: inject.description ?? latest.event.description,
        updatedAt,
        lastAction: { action: 'comment', by: '现场续报', at: updatedAt, note: inject.title },
        drill: true,
      }
      return { topic: latest.topic, payload: event, target: { type: 'event', id: event.id } }
    }
    case 'video_alert': {
      const community = ctx.county.communities.find((c) => c.id === inject.communityId)
      const company = ctx.county.propertyCompanies.find((p) => p.id === community?.propertyCompanyId)
      const box = { x: 0.35, y: 0.5, w: 0.3, h: 0.3 }
      const alert: ZsVideoAlert = {
        schema: 'zs.video_alert/1',
        id: drillAlertId(inject.id),
        version: 1,
        type: inject.alertType,
        status: 'new',
        cameraId: `CAM-DRILL-${inject.id}`,
        cameraName: inject.title,
        communityId: inject.communityId,
        communityName: community?.name ?? null,
        propertyCompany: company ? { id: company.id, name: company.name } : null,
        townshipCode: community?.townshipCode ?? null,
        confidence: 0.9,
        detectedAt: at,
        snapshot: { mime: 'image/png', base64: paintSnapshot(320, 180, box, [220, 40, 40]).toString('base64') },
        boxes: [{ ...box, label: inject.alertType }],
        drill: true,
      }
      return {
        topic: t(`video/alerts/${inject.communityId}`),
        payload: alert,
        target: { type: 'video_alert', id: alert.id },
      }
    }
    case 'zero_report': {
      const date = toShanghaiIso(ctx.atMs).slice(0, 10)
      const report: ZsZeroReport = {
        schema: 'zs.zero_report/1',
        id: `ZR-DRILL-${shanghaiDateKey(ctx.atMs)}-${inject.townshipCode}`,
        date,
        unitCode: inject.townshipCode,
        unitName: townshipName(inject.townshipCode),
        level: 'township',
        nothingToReport: inject.nothingToReport,
        note: inject.note ?? '',
        reportedAt: at,
        drill: true,
      }
      return { topic: t(`zero-reports/${inject.townshipCode}`), payload: report, target: null }
    }
  }
}
