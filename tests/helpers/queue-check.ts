/**
 * Counting like a queue checker (Jepsen's "total queue" check, simplified): every message a test
 * publishes at QoS 1 carries a unique id; afterwards what was published is compared with what the
 * engine stored. `lost` (published and acknowledged, not stored) and `duplicatedInState` (an id in
 * the current state more than once) must both be 0.
 *
 * Also a streaming publisher the way the county platform publishes: one persistent session
 * (`clean: false`, stable client id), QoS 1, a bounded window of unacknowledged messages, and
 * automatic reconnection — MQTT.js resends what the broker has not acknowledged when it
 * reconnects, so a broker restart in the middle of a stream costs the publisher nothing.
 */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { connectAsync, type MqttClient } from 'mqtt'

export interface StreamItem {
  id: string
  topic: string
  payload: string | Buffer
}

export interface StreamPublisher {
  client: MqttClient
  /** Every id whose PUBACK arrived → the connection (1 = the first) on which it arrived. */
  acked: Map<string, number>
  /** How many times the client has connected so far (1 after the first CONNACK). */
  connections(): number
  /** Errors the client reported (connection refused while the broker was down, …). */
  errors: string[]
  /**
   * Publishes the items in order at QoS 1 with at most `window` unacknowledged at a time; resolves
   * once every one of them is acknowledged. The broker may restart meanwhile. `onAck` runs
   * synchronously on every PUBACK (with the number acknowledged so far), e.g. to strike a fault
   * at an exact point of the stream.
   */
  run(items: Iterable<StreamItem>, onAck?: (acked: number) => void): Promise<void>
  close(): Promise<void>
}

export interface StreamPublisherOptions {
  /** Stable across reconnects: the session the broker keeps for this publisher. */
  clientId: string
  window?: number
  /** Milliseconds between reconnection attempts (default 200). */
  reconnectPeriod?: number
  protocolVersion?: 4 | 5
}

export async function connectStreamPublisher(url: string, opts: StreamPublisherOptions): Promise<StreamPublisher> {
  const window = opts.window ?? 100
  let connections = 0
  const errors: string[] = []
  const client = await connectAsync(url, {
    clientId: opts.clientId,
    clean: false,
    protocolVersion: opts.protocolVersion ?? 4,
    reconnectPeriod: opts.reconnectPeriod ?? 200,
    connectTimeout: 10_000,
    keepalive: 30,
  })
  connections = 1
  client.on('connect', () => {
    connections++
  })
  client.on('error', (e) => {
    if (errors.length < 50) errors.push(e.message)
  })
  const acked = new Map<string, number>()

  return {
    client,
    acked,
    connections: () => connections,
    errors,
    run(items, onAck) {
      const iterator = items[Symbol.iterator]()
      return new Promise<void>((resolve, reject) => {
        let inFlight = 0
        let exhausted = false
        let failed = false
        const pump = () => {
          while (!failed && !exhausted && inFlight < window) {
            const next = iterator.next()
            if (next.done) {
              exhausted = true
              break
            }
            const { id, topic, payload } = next.value
            inFlight++
            client.publish(topic, payload, { qos: 1 }, (err) => {
              inFlight--
              if (err) {
                failed = true
                reject(new Error(`publish of ${id} failed: ${err.message}`))
                return
              }
              acked.set(id, connections)
              onAck?.(acked.size)
              pump()
            })
          }
          if (exhausted && inFlight === 0 && !failed) resolve()
        }
        pump()
      })
    },
    async close() {
      await client.endAsync()
    },
  }
}

export interface StoredEvents {
  /** Ids in the current state (real events, not drills). */
  ids: Set<string>
  /** Rows of the current state: more than ids.size would mean an id stored twice. */
  rows: number
  /** Rows of the trace (every version received). */
  versionRows: number
  /** Distinct (id, version) pairs in the trace. */
  distinctVersions: number
}

/** Reads the engine's SQLite file read-only (best after the engine has stopped). */
export function readStoredEvents(dataDir: string, idPrefix = ''): StoredEvents {
  const db = new Database(join(dataDir, 'hall.sqlite3'), { readonly: true, fileMustExist: true })
  try {
    const like = `${idPrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    const ids = new Set(
      (
        db.prepare(`SELECT id FROM events WHERE drill_run = '' AND id LIKE ? ESCAPE '\\'`).all(like) as { id: string }[]
      ).map((r) => r.id),
    )
    const count = (sql: string) => (db.prepare(sql).get(like) as { n: number }).n
    return {
      ids,
      rows: count(`SELECT count(*) AS n FROM events WHERE drill_run = '' AND id LIKE ? ESCAPE '\\'`),
      versionRows: count(`SELECT count(*) AS n FROM event_versions WHERE drill_run = '' AND id LIKE ? ESCAPE '\\'`),
      distinctVersions: count(
        `SELECT count(*) AS n FROM (SELECT DISTINCT id, version FROM event_versions WHERE drill_run = '' AND id LIKE ? ESCAPE '\\')`,
      ),
    }
  } finally {
    db.close()
  }
}

export interface QueueReport {
  published: number
  stored: number
  /** Published (and, for the callers here, acknowledged by the broker) but not stored. */
  lost: number
  /** An id more than once in the current state, or an (id, version) more than once in the trace. */
  duplicatedInState: number
  /** Stored ids nobody published (should be 0 too). */
  unexpected: number
  /** The first few lost ids, for the failure message. */
  lostSample: string[]
}

export function compareQueue(published: Iterable<string>, stored: StoredEvents): QueueReport {
  const expected = new Set(published)
  const lostIds = [...expected].filter((id) => !stored.ids.has(id))
  const unexpected = [...stored.ids].filter((id) => !expected.has(id)).length
  return {
    published: expected.size,
    stored: stored.ids.size,
    lost: lostIds.length,
    duplicatedInState: stored.rows - stored.ids.size + (stored.versionRows - stored.distinctVersions),
    unexpected,
    lostSample: lostIds.slice(0, 10),
  }
}

/** Polls `probe` until it returns a truthy value; throws `describe()` after `timeoutMs`. */
export async function waitFor<T>(
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  describe: () => string | Promise<string>,
  timeoutMs: number,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${await describe()}`)
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}

/** Resolves with `promise`, or throws `describe()` if it has not settled after `timeoutMs`. */
export async function within<T>(promise: Promise<T>, timeoutMs: number, describe: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms: ${describe()}`)), timeoutMs)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}
