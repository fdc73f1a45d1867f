/**
 * Community video alerts: the current state (highest version) per (drill_run, id), the trace of
 * every version received, and the snapshot bytes in `video_snapshots`, stored once per sha256.
 * Same version rules as events. All statements are prepared once; writes happen in the caller's
 * transaction.
 */
import {
  VIDEO_TRIAGE_VIEWS,
  VIDEO_TRIAGE_VIEW_NAMES,
  videoAlertKey,
  videoAlertListParamsSchema,
  videoTriageParamsSchema,
  videoAlertTypeOf,
  videoSnapshotPath,
  type SnapshotRef,
  type VideoAlertDetail,
  type VideoAlertListParams,
  type VideoAlertSummary,
  type VideoTriage,
  type VideoTriageParams,
  type ZsVideoAlert,
} from '../../contract'
import { toMs } from '../domain/decode'
import { toHallIso } from '../domain/time'
import type { ForwardFact } from '../domain/video-triage'
import type { CheckedSnapshot } from '../domain/snapshot'
import type { Db } from './database'
import { decodeCursor, encodeCursor } from './events-repo'

export interface VideoAlertInput {
  alert: ZsVideoAlert
  /** The checked `snapshot` and `rectification.snapshot` (null when the version has none). */
  snapshot: CheckedSnapshot | null
  rectificationSnapshot: CheckedSnapshot | null
  topic: string
  receivedAt: string
  /** The drill run the alert belongs to; '' for real alerts. */
  drillRun: string
}

export type VideoAlertApplied =
  { outcome: 'duplicate' } | { outcome: 'new' | 'updated' | 'stale'; summary: VideoAlertSummary }

interface AlertRow {
  drill_run: string
  id: string
  version: number
  version_count: number
  type: string
  raw_type: string
  status: string
  camera_id: string | null
  camera_name: string | null
  community_id: string
  community_name: string | null
  property_company_id: string | null
  property_company_name: string | null
  township_code: string | null
  confidence: number | null
  box_count: number
  detected_at: string
  detected_ms: number
  snapshot_sha256: string | null
  snapshot_url: string | null
  rectified_at: string | null
  rectification_sha256: string | null
  rectification_url: string | null
  received_at: string
}

/** Columns of a snapshot joined under a prefix: {p}_mime, {p}_size, {p}_width, {p}_height. */
interface SnapshotCols {
  s_mime: string | null
  s_size: number | null
  s_width: number | null
  s_height: number | null
  r_mime: string | null
  r_size: number | null
  r_width: number | null
  r_height: number | null
}

const ALERT_COLUMNS = `a.drill_run, a.id, a.version, a.version_count, a.type, a.raw_type, a.status, a.camera_id,
  a.camera_name, a.community_id, a.community_name, a.property_company_id, a.property_company_name, a.township_code,
  a.confidence, a.box_count, a.detected_at, a.detected_ms, a.snapshot_sha256, a.snapshot_url, a.rectified_at,
  a.rectification_sha256, a.rectification_url, a.received_at`
const SNAPSHOT_COLUMNS = `s.mime AS s_mime, s.size AS s_size, s.width AS s_width, s.height AS s_height,
  r.mime AS r_mime, r.size AS r_size, r.width AS r_width, r.height AS r_height`
/** The bytes column is never selected by these joins: lists read only the small columns. */
const JOIN_SNAPSHOTS = (alias: string) => `LEFT JOIN video_snapshots s ON s.sha256 = ${alias}.snapshot_sha256
  LEFT JOIN video_snapshots r ON r.sha256 = ${alias}.rectification_sha256`

function ref(
  sha: string | null,
  url: string | null,
  mime: string | null,
  size: number | null,
  width: number | null,
  height: number | null,
): SnapshotRef | null {
  if (sha && mime !== null) {
    return {
      kind: 'stored',
      mime: mime as 'image/png' | 'image/jpeg',
      sha256: sha,
      size: size ?? 0,
      width: width ?? 0,
      height: height ?? 0,
      url: videoSnapshotPath(sha),
    }
  }
  return url ? { kind: 'remote', url } : null
}

export function toVideoAlertSummary(r: AlertRow & SnapshotCols): VideoAlertSummary {
  return {
    key: videoAlertKey(r.id, r.drill_run || null),
    id: r.id,
    version: r.version,
    versionCount: r.version_count,
    type: videoAlertTypeOf(r.type),
    rawType: r.raw_type,
    status: r.status as VideoAlertSummary['status'],
    cameraId: r.camera_id,
    cameraName: r.camera_name,
    communityId: r.community_id,
    communityName: r.community_name,
    propertyCompanyId: r.property_company_id,
    propertyCompanyName: r.property_company_name,
    townshipCode: r.township_code,
    confidence: r.confidence,
    boxCount: r.box_count,
    detectedAt: r.detected_at,
    receivedAt: r.received_at,
    snapshot: ref(r.snapshot_sha256, r.snapshot_url, r.s_mime, r.s_size, r.s_width, r.s_height),
    rectifiedAt: r.rectified_at,
    rectificationSnapshot: ref(r.rectification_sha256, r.rectification_url, r.r_mime, r.r_size, r.r_width, r.r_height),
    drill: r.drill_run !== '',
    drillRunId: r.drill_run || null,
  }
}

/** A snapshot as kept in the trace: the base64 replaced by what identifies the stored bytes. */
function traceSnapshot(sent: unknown, checked: CheckedSnapshot | null): unknown {
  if (!checked || checked.kind === 'remote' || typeof sent !== 'object' || sent === null) return sent
  const { base64: _bytes, ...rest } = sent as Record<string, unknown>
  void _bytes
  return {
    ...rest,
    sha256: checked.sha256,
    size: checked.bytes.byteLength,
    width: checked.width,
    height: checked.height,
  }
}

export function createVideoAlertsRepo(db: Db) {
  const stmts = {
    versionExists: db.prepare<[string, string, number], { one: number }>(
      'SELECT 1 AS one FROM video_alert_versions WHERE drill_run = ? AND id = ? AND version = ?',
    ),
    insertSnapshot: db.prepare(
      'INSERT OR IGNORE INTO video_snapshots (sha256, mime, size, width, height, received_at, bytes) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    insertVersion: db.prepare(
      `INSERT INTO video_alert_versions (drill_run, id, version, topic, received_at, payload, snapshot_sha256, rectification_sha256)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    current: db.prepare<[string, string], AlertRow>(
      `SELECT ${ALERT_COLUMNS} FROM video_alerts a WHERE drill_run = ? AND id = ?`,
    ),
    bumpCount: db.prepare('UPDATE video_alerts SET version_count = version_count + 1 WHERE drill_run = ? AND id = ?'),
    upsert: db.prepare(`
      INSERT INTO video_alerts (drill_run, id, version, version_count, type, raw_type, status, camera_id, camera_name,
        community_id, community_name, property_company_id, property_company_name, township_code, confidence, box_count,
        detected_at, detected_ms, snapshot_sha256, snapshot_url, rectified_at, rectification_sha256, rectification_url,
        received_at)
      VALUES (@drill_run, @id, @version, @version_count, @type, @raw_type, @status, @camera_id, @camera_name,
        @community_id, @community_name, @property_company_id, @property_company_name, @township_code, @confidence,
        @box_count, @detected_at, @detected_ms, @snapshot_sha256, @snapshot_url, @rectified_at, @rectification_sha256,
        @rectification_url, @received_at)
      ON CONFLICT (drill_run, id) DO UPDATE SET
        version = excluded.version, version_count = excluded.version_count, type = excluded.type,
        raw_type = excluded.raw_type, status = excluded.status, camera_id = excluded.camera_id,
        camera_name = excluded.camera_name, community_id = excluded.community_id,
        community_name = excluded.community_name, property_company_id = excluded.property_company_id,
        property_company_name = excluded.property_company_name, township_code = excluded.township_code,
        confidence = excluded.confidence, box_count = excluded.box_count, detected_at = excluded.detected_at,
        detected_ms = excluded.detected_ms, snapshot_sha256 = excluded.snapshot_sha256,
        snapshot_url = excluded.snapshot_url, rectified_at = excluded.rectified_at,
        rectification_sha256 = excluded.rectification_sha256, rectification_url = excluded.rectification_url,
        received_at = excluded.received_at`),
    summary: db.prepare<[string, string], AlertRow & SnapshotCols>(
      `SELECT ${ALERT_COLUMNS}, ${SNAPSHOT_COLUMNS} FROM video_alerts a ${JOIN_SNAPSHOTS('a')}
       WHERE a.drill_run = ? AND a.id = ?`,
    ),
    versions: db.prepare<
      [string, string],
      {
        version: number
        topic: string
        received_at: string
        payload: string
        snapshot_sha256: string | null
        rectification_sha256: string | null
      } & SnapshotCols
    >(
      `SELECT v.version, v.topic, v.received_at, v.payload, v.snapshot_sha256, v.rectification_sha256, ${SNAPSHOT_COLUMNS}
       FROM video_alert_versions v ${JOIN_SNAPSHOTS('v')}
       WHERE v.drill_run = ? AND v.id = ? ORDER BY v.version DESC`,
    ),
    snapshot: db.prepare<[string], { mime: string; bytes: Buffer }>(
      'SELECT mime, bytes FROM video_snapshots WHERE sha256 = ?',
    ),
    count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM video_alerts'),
  }

  function storeImage(s: CheckedSnapshot | null, receivedAt: string): string | null {
    if (!s || s.kind !== 'image') return null
    stmts.insertSnapshot.run(s.sha256, s.mime, s.bytes.byteLength, s.width, s.height, receivedAt, s.bytes)
    return s.sha256
  }

  function summary(id: string, drillRun = ''): VideoAlertSummary | null {
    const row = stmts.summary.get(drillRun, id)
    return row ? toVideoAlertSummary(row) : null
  }

  /**
   * Applies one validated, snapshot-checked version. (id, version) already stored → duplicate
   * (nothing written, not even its image); lower than the current version → stale: kept in the
   * trace, the state unchanged.
   */
  function apply(input: VideoAlertInput): VideoAlertApplied {
    const { alert, drillRun, receivedAt } = input
    if (stmts.versionExists.get(drillRun, alert.id, alert.version)) return { outcome: 'duplicate' }
    const snapSha = storeImage(input.snapshot, receivedAt)
    const rectSha = storeImage(input.rectificationSnapshot, receivedAt)
    const traced = {
      ...alert,
      ...(alert.snapshot !== undefined ? { snapshot: traceSnapshot(alert.snapshot, input.snapshot) } : {}),
      ...(alert.rectification
        ? {
            rectification: {
              ...alert.rectification,
              ...(alert.rectification.snapshot !== undefined
                ? { snapshot: traceSnapshot(alert.rectification.snapshot, input.rectificationSnapshot) }
                : {}),
            },
          }
        : {}),
    }
    stmts.insertVersion.run(
      drillRun,
      alert.id,
      alert.version,
      input.topic,
      receivedAt,
      JSON.stringify(traced),
      snapSha,
      rectSha,
    )

    const current = stmts.current.get(drillRun, alert.id)
    if (current && current.version > alert.version) {
      stmts.bumpCount.run(drillRun, alert.id)
      return { outcome: 'stale', summary: summary(alert.id, drillRun)! }
    }
    // A version without a snapshot keeps the newest picture received so far.
    const snap = input.snapshot
    const rect = input.rectificationSnapshot
    const row: AlertRow = {
      drill_run: drillRun,
      id: alert.id,
      version: alert.version,
      version_count: (current?.version_count ?? 0) + 1,
      type: videoAlertTypeOf(alert.type),
      raw_type: alert.type,
      status: alert.status,
      camera_id: alert.cameraId ?? null,
      camera_name: alert.cameraName ?? null,
      community_id: alert.communityId,
      community_name: alert.communityName ?? null,
      property_company_id: alert.propertyCompany?.id ?? null,
      property_company_name: alert.propertyCompany?.name ?? null,
      township_code: alert.townshipCode ?? null,
      confidence: alert.confidence ?? null,
      box_count: alert.boxes?.length ?? 0,
      detected_at: alert.detectedAt,
      detected_ms: toMs(alert.detectedAt),
      snapshot_sha256: snap ? snapSha : (current?.snapshot_sha256 ?? null),
      snapshot_url: snap ? (snap.kind === 'remote' ? snap.url : null) : (current?.snapshot_url ?? null),
      rectified_at: alert.rectification?.at ?? current?.rectified_at ?? null,
      rectification_sha256: rect ? rectSha : (current?.rectification_sha256 ?? null),
      rectification_url: rect ? (rect.kind === 'remote' ? rect.url : null) : (current?.rectification_url ?? null),
      received_at: receivedAt,
    }
    stmts.upsert.run(row)
    return { outcome: current ? 'updated' : 'new', summary: summary(alert.id, drillRun)! }
  }

  function list(raw: VideoAlertListParams) {
    const p = videoAlertListParamsSchema.parse(raw)
    const where: string[] = []
    const args: unknown[] = []
    const filter = (clause: string, value: unknown) => {
      where.push(clause)
      args.push(value)
    }
    if (p.type) filter('a.type = ?', p.type)
    if (p.status) filter('a.status = ?', p.status)
    const community = p.communityId ?? p.community
    if (community) filter('a.community_id = ?', community)
    const township = p.townshipCode ?? p.township
    if (township) filter('a.township_code = ?', township)
    if (p.drill === 'exclude') where.push("a.drill_run = ''")
    if (p.drill === 'only') where.push("a.drill_run <> ''")
    if (p.drillRunId) filter('a.drill_run = ?', p.drillRunId)
    if (p.cursor) {
      const c = decodeCursor(p.cursor)
      if (c) {
        where.push('(a.detected_ms < ? OR (a.detected_ms = ? AND (a.id < ? OR (a.id = ? AND a.drill_run < ?))))')
        args.push(c[0], c[0], c[1], c[1], c[2])
      }
    }
    const sql = `SELECT ${ALERT_COLUMNS}, ${SNAPSHOT_COLUMNS} FROM video_alerts a ${JOIN_SNAPSHOTS('a')}
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY a.detected_ms DESC, a.id DESC, a.drill_run DESC LIMIT ?`
    const rows = db.prepare(sql).all(...args, p.limit + 1) as (AlertRow & SnapshotCols)[]
    const more = rows.length > p.limit
    const page = more ? rows.slice(0, p.limit) : rows
    const last = page[page.length - 1]
    return {
      items: page.map(toVideoAlertSummary),
      nextCursor: more && last ? encodeCursor(last.detected_ms, last.id, last.drill_run) : null,
    }
  }

  function get(id: string, drillRun = ''): VideoAlertDetail | null {
    const s = summary(id, drillRun)
    if (!s) return null
    const versions = stmts.versions.all(drillRun, id).map((v) => {
      const payload = JSON.parse(v.payload) as Record<string, unknown>
      return {
        version: v.version,
        topic: v.topic,
        receivedAt: v.received_at,
        payload,
        snapshot: ref(v.snapshot_sha256, null, v.s_mime, v.s_size, v.s_width, v.s_height) ?? remoteOf(payload, false),
        rectificationSnapshot:
          ref(v.rectification_sha256, null, v.r_mime, v.r_size, v.r_width, v.r_height) ?? remoteOf(payload, true),
      }
    })
    const current = versions.find((v) => v.version === s.version)?.payload ?? {}
    return { summary: s, current, versions }
  }

  /**
   * The triage list: alerts of one tab grouped by camera and type. Computed in SQL over the
   * period's rows of the tab's statuses only (index video_alerts_by_status): a window function
   * marks an alert that follows the previous one of the same (drill run, camera, raw type) by
   * more than the window as the start of a new group, a running sum numbers the groups, and
   * only the page's newest groups come back. An alert without a camera id is a group of its own.
   */
  function triage(raw: VideoTriageParams, nowMs = Date.now()): VideoTriage {
    const p = videoTriageParamsSchema.parse(raw)
    const sinceMs = nowMs - p.sinceHours * 3_600_000
    const where: string[] = ['detected_ms >= ?']
    const args: unknown[] = [sinceMs]
    if (p.communityId) {
      where.push('community_id = ?')
      args.push(p.communityId)
    }
    if (p.propertyCompanyId) {
      where.push('property_company_id = ?')
      args.push(p.propertyCompanyId)
    }
    if (p.type) {
      where.push('type = ?')
      args.push(p.type)
    }
    if (p.drill === 'exclude') where.push("drill_run = ''")
    if (p.drill === 'only') where.push("drill_run <> ''")
    const statuses = VIDEO_TRIAGE_VIEWS[p.view] as readonly string[]
    const inView = `status IN (${statuses.map(() => '?').join(', ')})`
    const rows = db
      .prepare(
        `WITH f AS (
           SELECT drill_run, id, coalesce(camera_id, char(1) || id) AS cam, raw_type, detected_ms
           FROM video_alerts WHERE ${inView} AND ${where.join(' AND ')}
         ), m AS (
           SELECT *, CASE WHEN detected_ms - lag(detected_ms) OVER w <= ? THEN 0 ELSE 1 END AS starts
           FROM f WINDOW w AS (PARTITION BY drill_run, cam, raw_type ORDER BY detected_ms, id)
         ), g AS (
           SELECT *, sum(starts) OVER (PARTITION BY drill_run, cam, raw_type ORDER BY detected_ms, id
             ROWS UNBOUNDED PRECEDING) AS grp
           FROM m
         )
         SELECT drill_run, cam, raw_type, count(*) AS n, min(detected_ms) AS first_ms, max(detected_ms) AS last_ms,
           (SELECT id FROM g g2 WHERE g2.drill_run = g.drill_run AND g2.cam = g.cam AND g2.raw_type = g.raw_type
              AND g2.grp = g.grp ORDER BY detected_ms DESC, id DESC LIMIT 1) AS latest_id,
           (SELECT id FROM g g2 WHERE g2.drill_run = g.drill_run AND g2.cam = g.cam AND g2.raw_type = g.raw_type
              AND g2.grp = g.grp ORDER BY detected_ms, id LIMIT 1) AS first_id,
           json_group_array(id) AS ids
         FROM g GROUP BY drill_run, cam, raw_type, grp
         ORDER BY last_ms DESC, latest_id DESC LIMIT ?`,
      )
      .all(...statuses, ...args, p.windowMinutes * 60_000, p.limit + 1) as {
      drill_run: string
      cam: string
      raw_type: string
      n: number
      first_ms: number
      last_ms: number
      latest_id: string
      first_id: string
      ids: string
    }[]
    const truncated = rows.length > p.limit
    const page = truncated ? rows.slice(0, p.limit) : rows
    const groups = page.flatMap((r) => {
      const latest = summary(r.latest_id, r.drill_run)
      if (!latest) return []
      const ids = (JSON.parse(r.ids) as string[]).reverse().slice(0, 100)
      return [
        {
          groupKey: [r.drill_run, r.cam, r.raw_type, r.first_id].join('\u0001'),
          latest,
          count: r.n,
          firstDetectedAt: toHallIso(r.first_ms),
          lastDetectedAt: toHallIso(r.last_ms),
          memberKeys: ids.map((id) => videoAlertKey(id, r.drill_run || null)),
        },
      ]
    })
    // Tab badges: alerts per status in the same filters and period (one indexed pass).
    const perStatus = db
      .prepare(`SELECT status, count(*) AS n FROM video_alerts WHERE ${where.join(' AND ')} GROUP BY status`)
      .all(...args) as { status: string; n: number }[]
    const byStatus = new Map(perStatus.map((r) => [r.status, r.n]))
    const viewCounts = Object.fromEntries(
      VIDEO_TRIAGE_VIEW_NAMES.map((v) => [
        v,
        (VIDEO_TRIAGE_VIEWS[v] as readonly string[]).reduce((sum, st) => sum + (byStatus.get(st) ?? 0), 0),
      ]),
    )
    return {
      view: p.view,
      windowMinutes: p.windowMinutes,
      generatedAt: toHallIso(nowMs),
      groups,
      alerts: groups.reduce((n, g) => n + g.count, 0),
      truncated,
      viewCounts,
    }
  }

  /**
   * One fact per real alert forwarded to a property company and detected in [fromMs, toMs): when
   * it was forwarded and its deadline (the platform's forwarded version; else the hall's own
   * acknowledged forward_property command), and when it was reported rectified.
   */
  function forwardFacts(fromMs: number, toMs: number): ForwardFact[] {
    const rows = db
      .prepare(
        `SELECT a.id, a.property_company_id, a.property_company_name, a.rectified_at,
           (SELECT json_object('payload', json(v.payload), 'received_at', v.received_at) FROM video_alert_versions v
             WHERE v.drill_run = a.drill_run AND v.id = a.id AND json_extract(v.payload, '$.status') = 'forwarded'
             ORDER BY v.version LIMIT 1) AS fwd,
           (SELECT v.received_at FROM video_alert_versions v
             WHERE v.drill_run = a.drill_run AND v.id = a.id AND json_extract(v.payload, '$.status') = 'rectified'
             ORDER BY v.version LIMIT 1) AS rect_received,
           (SELECT json_extract(o.payload, '$.params.deadline') FROM outbox o
             WHERE o.target_type = 'video_alert' AND o.target_id = a.id AND o.drill_run = ''
               AND o.action = 'forward_property' AND o.state = 'acknowledged'
             ORDER BY o.seq DESC LIMIT 1) AS cmd_deadline
         FROM video_alerts a
         WHERE a.drill_run = '' AND a.status IN ('forwarded', 'rectified', 'verified')
           AND a.detected_ms >= ? AND a.detected_ms < ?`,
      )
      .all(fromMs, toMs) as {
      id: string
      property_company_id: string | null
      property_company_name: string | null
      rectified_at: string | null
      fwd: string | null
      rect_received: string | null
      cmd_deadline: string | null
    }[]
    const ms = (iso: unknown): number | null => {
      if (typeof iso !== 'string') return null
      const t = Date.parse(iso)
      return Number.isNaN(t) ? null : t
    }
    return rows.flatMap((r) => {
      const fwd = r.fwd ? (JSON.parse(r.fwd) as { payload: Record<string, unknown>; received_at: string }) : null
      // Forwarded on the platform's word (forwardedAt, else updatedAt), else when the hall heard of it.
      const forwardedMs = fwd ? (ms(fwd.payload.forwardedAt) ?? ms(fwd.payload.updatedAt) ?? ms(fwd.received_at)) : null
      if (forwardedMs === null) return []
      return [
        {
          propertyCompanyId: r.property_company_id,
          propertyCompanyName: r.property_company_name,
          forwardedMs,
          deadlineMs: ms(fwd?.payload.deadline) ?? ms(r.cmd_deadline),
          rectifiedMs: ms(r.rectified_at) ?? ms(r.rect_received),
        },
      ]
    })
  }

  return {
    apply,
    summary,
    list,
    get,
    triage,
    forwardFacts,
    /** The current version and status, e.g. to check a command's baseVersion. */
    current(id: string, drillRun = '') {
      const row = stmts.current.get(drillRun, id)
      return row ? { version: row.version, status: row.status } : null
    },
    /** A stored snapshot's bytes and checked mime, or null. */
    snapshot(sha256: string) {
      return stmts.snapshot.get(sha256) ?? null
    },
    count: () => stmts.count.get()!.n,
  }
}
export type VideoAlertsRepo = ReturnType<typeof createVideoAlertsRepo>

/** A URL snapshot of a stored version, read back from its payload. */
function remoteOf(payload: Record<string, unknown>, rectification: boolean): SnapshotRef | null {
  const p = payload as {
    snapshot?: { url?: unknown } | null
    rectification?: { snapshot?: { url?: unknown } | null } | null
  }
  const s = rectification ? p.rectification?.snapshot : p.snapshot
  return s && typeof s.url === 'string' && !('sha256' in s) ? { kind: 'remote', url: s.url } : null
}
