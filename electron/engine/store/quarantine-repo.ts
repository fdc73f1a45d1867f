import { QUARANTINE_RAW_MAX_BYTES, type QuarantineItem } from '../../contract'
import type { Db } from './database'

interface Row {
  seq: number
  topic: string
  reason: string
  received_at: string
  size: number
  raw: Buffer
}

const lossyUtf8 = new TextDecoder('utf-8', { fatal: false })

export function toQuarantineItem(r: Row): QuarantineItem {
  return {
    seq: r.seq,
    topic: r.topic,
    reason: r.reason,
    receivedAt: r.received_at,
    size: r.size,
    truncated: r.size > r.raw.byteLength,
    rawText: lossyUtf8.decode(r.raw),
    rawBase64: r.raw.toString('base64'),
  }
}

export function createQuarantineRepo(db: Db) {
  const insert = db.prepare('INSERT INTO quarantine (topic, reason, received_at, size, raw) VALUES (?, ?, ?, ?, ?)')
  const page = db.prepare<[number, number], Row>(
    'SELECT seq, topic, reason, received_at, size, raw FROM quarantine WHERE seq < ? ORDER BY seq DESC LIMIT ?',
  )
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM quarantine')
  const bySeq = db.prepare<[number | bigint], Row>(
    'SELECT seq, topic, reason, received_at, size, raw FROM quarantine WHERE seq = ?',
  )

  /** Keeps the message with its topic, reason and raw bytes (truncated at 64 KiB). */
  function add(topic: string, reason: string, payload: Uint8Array, receivedAt: string): QuarantineItem {
    const raw = Buffer.from(payload.buffer, payload.byteOffset, Math.min(payload.byteLength, QUARANTINE_RAW_MAX_BYTES))
    const info = insert.run(topic.slice(0, 1024), reason.slice(0, 2000), receivedAt, payload.byteLength, raw)
    return toQuarantineItem(bySeq.get(info.lastInsertRowid)!)
  }

  function list(cursor: number | undefined, limit: number) {
    const rows = page.all(cursor ?? Number.MAX_SAFE_INTEGER, limit + 1)
    const more = rows.length > limit
    const items = (more ? rows.slice(0, limit) : rows).map(toQuarantineItem)
    return { items, nextCursor: more ? items[items.length - 1].seq : null, total: count.get()!.n }
  }
  return { add, list }
}
export type QuarantineRepo = ReturnType<typeof createQuarantineRepo>
