/**
 * End-to-end ingest rate ÷ raw Mosquitto → MQTT.js rate, both measured here, in this run.
 *
 * raw:    publisher ──QoS 1──▶ Mosquitto ──QoS 1──▶ bare MQTT.js subscriber (acks at once)
 * floor:  publisher ──QoS 1──▶ Mosquitto ──QoS 1──▶ floor-subscriber (JSON.parse → one unindexed
 *         SQLite insert, group commit → ack): the least a persist-before-acknowledge client does
 * engine: publisher ──QoS 1──▶ Mosquitto ──QoS 1──▶ engine host (validate → SQLite commit → ack)
 *
 * Same payloads (distinct valid zs.event/1), same broker, same session settings. A run's rate is
 * messages ÷ (last delivered/stored − first published). Rounds alternate raw/floor/engine; medians are
 * compared, so a noisy neighbour hurts both sides alike.
 */
import { join } from 'node:path'
import { connectAsync } from 'mqtt'
import { startEngineProcess } from '../tests/helpers/engine'
import { startMosquitto } from '../tests/helpers/mosquitto'
import { cpuSeconds, eventPayloads, fmt, median, spawnUntilLine, writeResult } from './lib'

const COUNT = Number(process.env.BENCH_INGEST_COUNT ?? 20_000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const PROTOCOL = Number(process.env.BENCH_MQTT_VERSION ?? 5) as 4 | 5
const GOAL = Number(process.env.BENCH_INGEST_GOAL ?? 0.3)
/** How often the engine's health is polled for the stored count (each poll is a request the engine serves). */
const POLL_MS = Number(process.env.BENCH_INGEST_POLL_MS ?? 10)
const here = new URL('.', import.meta.url).pathname

async function publishAll(url: string, topic: string, payloads: Buffer[]) {
  const pub = await connectAsync(url, {
    protocolVersion: PROTOCOL,
    clean: true,
    clientId: `zs-bench-pub-${process.pid}-${Date.now()}`,
  })
  const started = performance.now()
  // Pipelined: MQTT.js keeps many QoS 1 publishes in flight, as a busy platform would.
  await Promise.all(payloads.map((p) => pub.publishAsync(topic, p, { qos: 1 })))
  await pub.endAsync()
  return started
}

/** A bare subscriber's round: `raw-subscriber` (the baseline) or `floor-subscriber` (the durable floor). */
async function subscriberRound(url: string, round: number, kind: 'raw' | 'floor') {
  const topic = `${kind}${round}/events/citizen`
  const payloads = eventPayloads(COUNT, `${kind}${round}`)
  const { proc, next } = await spawnUntilLine(
    join(here, `${kind}-subscriber.mjs`),
    [url, `${kind}${round}/events/+`, String(COUNT), String(PROTOCOL)],
    'ready',
  )
  const cpuBefore = cpuSeconds(proc.pid!)
  const done = next('done').then(() => ({ at: performance.now(), cpu: cpuSeconds(proc.pid!) }))
  const started = await publishAll(url, topic, payloads)
  const ended = await done
  proc.kill('SIGTERM')
  if (cpuBefore !== null && ended.cpu !== null) cpuPerMessage[kind].push(usPerMessage(cpuBefore, ended.cpu))
  return COUNT / ((ended.at - started) / 1000)
}

/** Each process's own CPU time (user + system, from /proc) a message, by round. */
const cpuPerMessage: Record<'raw' | 'floor' | 'engine', number[]> = { raw: [], floor: [], engine: [] }
const usPerMessage = (before: number, after: number) => ((after - before) * 1e6) / COUNT

async function engineRound(url: string, round: number) {
  const root = `eng${round}`
  const engine = await startEngineProcess({
    brokerUrl: url,
    topicRoot: root,
    extraArgs: ['--mqtt-version', String(PROTOCOL)],
  })
  try {
    const payloads = eventPayloads(COUNT, `eng${round}`)
    const healthStored = async () => (await engine.get<{ ingest: { stored: number } }>('/api/health')).ingest.stored
    const cpuBefore = cpuSeconds(engine.proc.pid)
    const startedP = publishAll(url, `${root}/events/citizen`, payloads)
    let ended = 0
    for (;;) {
      const stored = await healthStored()
      if (stored >= COUNT) {
        ended = performance.now()
        const cpuAfter = cpuSeconds(engine.proc.pid)
        if (cpuBefore !== null && cpuAfter !== null) cpuPerMessage.engine.push(usPerMessage(cpuBefore, cpuAfter))
        break
      }
      await new Promise((r) => setTimeout(r, POLL_MS))
    }
    const started = await startedP
    return COUNT / ((ended - started) / 1000)
  } finally {
    await engine.stop()
  }
}

const broker = await startMosquitto({ maxQueued: 10 * COUNT })
try {
  const raw: number[] = []
  const floor: number[] = []
  const eng: number[] = []
  for (let r = 0; r < ROUNDS; r++) {
    raw.push(await subscriberRound(broker.url, r, 'raw'))
    floor.push(await subscriberRound(broker.url, r, 'floor'))
    eng.push(await engineRound(broker.url, r))
    const cpu = (kind: keyof typeof cpuPerMessage) => {
      const us = cpuPerMessage[kind][r]
      return us === undefined ? '' : ` (CPU ${Math.round(us)} µs/message)`
    }
    console.log(
      `  round ${r + 1}: raw ${fmt(raw[r])} msg/s${cpu('raw')}, durable floor ${fmt(floor[r])} msg/s${cpu('floor')}, engine ${fmt(eng[r])} msg/s${cpu('engine')}`,
    )
  }
  const ratio = median(eng) / median(raw)
  const floorRatio = median(floor) / median(raw)
  const result = {
    bench: 'ingest',
    messages: COUNT,
    rounds: ROUNDS,
    mqttVersion: PROTOCOL,
    payloadBytes: eventPayloads(1, 'size')[0].byteLength,
    rawMedianPerSecond: Math.round(median(raw)),
    floorMedianPerSecond: Math.round(median(floor)),
    engineMedianPerSecond: Math.round(median(eng)),
    ratio: Number(ratio.toFixed(3)),
    // The durable floor (floor-subscriber.ts) ÷ raw: the most any persist-before-acknowledge
    // subscriber reaches on this machine; engine ÷ floor: how much of that the engine reaches.
    floorRatio: Number(floorRatio.toFixed(3)),
    engineOfFloor: Number((median(eng) / median(floor)).toFixed(3)),
    // The engine's own CPU time per message (user + system, incl. its answers to the polling):
    // how much of the rate is the engine's work and how much waiting on a shared machine.
    engineCpuMicrosPerMessage: cpuPerMessage.engine.length ? Math.round(median(cpuPerMessage.engine)) : null,
    rawCpuMicrosPerMessage: cpuPerMessage.raw.length ? Math.round(median(cpuPerMessage.raw)) : null,
    floorCpuMicrosPerMessage: cpuPerMessage.floor.length ? Math.round(median(cpuPerMessage.floor)) : null,
    goal: GOAL,
    at: new Date().toISOString(),
  }
  writeResult('ingest', result)
  console.log(
    `durable floor (MQTT.js + JSON.parse + one unindexed SQLite insert, group commit): ${fmt(result.floorMedianPerSecond)} msg/s = ${floorRatio.toFixed(2)} of raw; the engine reaches ${result.engineOfFloor.toFixed(2)} of the floor`,
  )
  console.log(
    `ingest: engine ${fmt(result.engineMedianPerSecond)} msg/s ÷ raw ${fmt(result.rawMedianPerSecond)} msg/s = ratio ${ratio.toFixed(2)} (goal ≥ ${GOAL}) ${ratio >= GOAL ? 'OK' : 'BELOW GOAL'}`,
  )
} finally {
  await broker.stop()
}
