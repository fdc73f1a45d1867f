/**
 * Where an ingested message's CPU time goes, in process (no broker, no socket): the stages of the
 * engine's ingest timed one by one on the same 20,000 distinct valid `zs.event/1` payloads the
 * ingest bench publishes, on a real SQLite file opened as the engine opens it, in batches of 200
 * as the broker delivers them (group commit). Raw baseline in the same run: `JSON.parse` of the
 * same payloads (the least any receiver does), so each stage prints as a multiple of it.
 *
 * CPU time of this process (user + system), not wall time. Stages: decode (UTF-8 + JSON + schema), the whole `ingest.add` + `commit` (decode included),
 * and the SQLite share (the whole minus decode). Rounds alternate; medians.
 *
 * Env: BENCH_STAGES_COUNT (20000), BENCH_STAGES_BATCH (200), BENCH_ROUNDS (5).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EVENT_MAX_BYTES, zsEventSchema } from '../electron/contract'
import { decodeJson } from '../electron/engine/domain/decode'
import { certainlyValidEvent } from '../electron/engine/domain/event-fastpath'
import { createIngest } from '../electron/engine/mqtt/ingest'
import { createCountersRepo } from '../electron/engine/store/counters-repo'
import { openDatabase } from '../electron/engine/store/database'
import { createEventsRepo } from '../electron/engine/store/events-repo'
import { createQuarantineRepo } from '../electron/engine/store/quarantine-repo'
import { createRegistryRepo } from '../electron/engine/store/registry-repo'
import { eventPayloads, fmt, median, writeResult } from './lib'

const COUNT = Number(process.env.BENCH_STAGES_COUNT ?? 20_000)
const BATCH = Number(process.env.BENCH_STAGES_BATCH ?? 200)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const topic = 'zs/events/citizen'

/** CPU time (user + system) a message, not wall time: less disturbed by a busy machine. */
const usPerMessage = (fn: () => void) => {
  const t0 = process.cpuUsage()
  fn()
  const t = process.cpuUsage(t0)
  return (t.user + t.system) / COUNT
}

const results: Record<'parse' | 'decode' | 'ingest', number[]> = { parse: [], decode: [], ingest: [] }
for (let round = 0; round < ROUNDS; round++) {
  const payloads = eventPayloads(COUNT, `stages${round}`)
  results.parse.push(
    usPerMessage(() => {
      for (const p of payloads) JSON.parse(p.toString('utf8'))
    }),
  )
  results.decode.push(
    usPerMessage(() => {
      for (const p of payloads)
        if (!decodeJson(p, zsEventSchema, EVENT_MAX_BYTES, certainlyValidEvent).ok) throw new Error('invalid')
    }),
  )
  const dataDir = mkdtempSync(join(tmpdir(), 'zs-stages-'))
  const db = openDatabase({ dataDir })
  try {
    const events = createEventsRepo(db)
    const ingest = createIngest({
      db,
      topicRoot: 'zs',
      hallId: 'bench-hall',
      events,
      quarantine: createQuarantineRepo(db),
      registry: createRegistryRepo(db),
      counters: createCountersRepo(db),
    })
    results.ingest.push(
      usPerMessage(() => {
        for (let i = 0; i < payloads.length; i++) {
          const r = ingest.add(topic, payloads[i])
          if (r.kind !== 'event') throw new Error(`not stored: ${JSON.stringify(r)}`)
          if ((i + 1) % BATCH === 0) ingest.commit()
        }
        ingest.commit()
      }),
    )
    if (events.count() !== COUNT) throw new Error(`stored ${events.count()} of ${COUNT}`)
  } finally {
    db.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
  console.log(
    `  round ${round + 1}: JSON.parse ${results.parse[round].toFixed(1)} µs, decode ${results.decode[round].toFixed(1)} µs, ingest ${results.ingest[round].toFixed(1)} µs a message`,
  )
}

const m = { parse: median(results.parse), decode: median(results.decode), ingest: median(results.ingest) }
const sqlite = m.ingest - m.decode
console.log(
  `ingest stages (${fmt(COUNT)} events, batches of ${BATCH}, median of ${ROUNDS}): ` +
    `JSON.parse ${m.parse.toFixed(1)} µs (baseline) · decode ${m.decode.toFixed(1)} µs = ${(m.decode / m.parse).toFixed(1)}× · ` +
    `store (ingest − decode) ${sqlite.toFixed(1)} µs = ${(sqlite / m.parse).toFixed(1)}× · ` +
    `whole ingest ${m.ingest.toFixed(1)} µs = ${(m.ingest / m.parse).toFixed(1)}× the baseline`,
)
writeResult('ingest-stages', { count: COUNT, batch: BATCH, rounds: ROUNDS, medianUs: { ...m, store: sqlite } })
