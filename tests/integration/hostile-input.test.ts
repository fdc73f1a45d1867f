/**
 * Proof by fault (issue 3, §5): hostile input against a real Mosquitto and the real engine.
 *
 * Every topic the contract defines under {root}/ (events, video alerts, registry, zero reports,
 * acks, the drill namespace) and topics it does not define get random and adversarial payloads —
 * not JSON, wrong types, numbers as strings, null and arrays at the root, huge strings, 10,000 and
 * 100,000 levels of nesting, `__proto__`/`constructor` keys, invalid UTF-8, oversized payloads,
 * fake images in video-alert snapshots — interleaved with valid events. The engine must:
 * never crash or drop its link; quarantine every invalid message with a reason (and nothing
 * else: the quarantine grows by exactly the invalid ones); ignore, not quarantine, the contract's
 * traffic that is not for this hall; store every valid event; keep Object.prototype clean; and
 * still store a valid event promptly afterwards.
 *
 * Two parts: a fixed corpus sent one message at a time, each checked for its exact verdict; then a
 * fast-check property (fixed seed, bounded runs; override with ZS_HOSTILE_SEED / ZS_HOSTILE_RUNS)
 * that publishes random batches back to back and checks the counters, the quarantine and the
 * store after each batch. A failure prints the seed and the batch.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Health, IngestCounters, QuarantineItem } from '../../electron/contract'
import { createEngine, type Engine } from '../../electron/engine'
import { makeEvent } from '../fixtures/events'
import {
  EVENT_LIMIT,
  EVENT_MUTATIONS,
  EVENT_SOURCES,
  IGNORED,
  INVALID_UTF8,
  QUARANTINED,
  SNAPSHOT_LIMIT,
  STORED,
  STORED_OR_UNSUPPORTED,
  VIDEO_ALERT_LIMIT,
  ackPayload,
  contractTopics,
  deepJson,
  eventOfSize,
  fakeImage,
  freshId,
  ignoredTopics,
  mutatedEvent,
  registryPayload,
  spliceBytes,
  tinyJpeg,
  tinyPng,
  undefinedTopics,
  validEvent,
  videoAlertPayload,
  videoTopic,
  withRawMembers,
  zeroReportPayload,
  type HostileContext,
  type HostileMessage,
  type Source,
  type Verdict,
} from '../fixtures/hostile'
import { startEngineProcess, type EngineProcess } from '../helpers/engine'
import { ADMIN_CTX } from '../helpers/auth'
import { startMosquitto, type MosquittoBroker } from '../helpers/mosquitto'
import { connectPublisher, type Publisher } from '../helpers/mqtt'
import { waitFor } from '../helpers/queue-check'

const SEED = Number(process.env.ZS_HOSTILE_SEED ?? 20_261_127)
/** Runs of the property; each publishes 1–8 generated messages, each followed by a valid event. */
const RUNS = Number(process.env.ZS_HOSTILE_RUNS ?? 35)
const TOKEN = 'hostile-input-secret'
const ctx: HostileContext = { root: 'hx', hallId: 'hostile-hall', drillRun: 'drill-run-7' }

const json = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8')
const COUNTERS = ['received', 'stored', 'duplicates', 'stale', 'quarantined', 'ignored'] as const
const VERDICT_OF: Record<string, Verdict> = {
  stored: 'stored',
  duplicates: 'duplicate',
  stale: 'stale',
  quarantined: 'quarantined',
  ignored: 'ignored',
}
/** A reason starts with a code (`not_json: …`, `schema: …`, `too_large: …`) and says something. */
const REASON = /^[a-z][a-z0-9_]*: \S/

function protoSnapshot() {
  return {
    object: Object.getOwnPropertyNames(Object.prototype).sort().join(','),
    array: Object.getOwnPropertyNames(Array.prototype).sort().join(','),
    function: Object.getOwnPropertyNames(Function.prototype).sort().join(','),
  }
}

describe('hostile input: random and adversarial payloads on every topic', () => {
  let broker: MosquittoBroker
  let engine: Engine
  let pub: Publisher
  let dataDir: string
  const engineLog: string[] = []
  const protoBefore = protoSnapshot()
  const storedEvents: { id: string; drillRunId: string | null; version: number; label: string }[] = []

  const counters = (): IngestCounters => engine.health().ingest
  const tail = () =>
    `\n--- engine log (last 20) ---\n${engineLog.slice(-20).join('\n')}\nbroker: ${JSON.stringify(engine.health().broker)}`

  async function quarantineNewest(limit: number): Promise<QuarantineItem[]> {
    // The quarantine is for administrators.
    const env = await engine.dispatch('quarantine.list', { limit }, ADMIN_CTX)
    if (!env.ok) throw new Error(`quarantine.list → ${JSON.stringify(env.error)}`)
    return (env.value as { items: QuarantineItem[] }).items
  }

  function delta(before: IngestCounters, after: IngestCounters) {
    return Object.fromEntries(COUNTERS.map((k) => [k, after[k] - before[k]])) as Record<
      (typeof COUNTERS)[number],
      number
    >
  }

  /** Waits until the engine has counted `n` more messages than `before`. */
  async function settled(before: IngestCounters, n: number, what: string) {
    return waitFor(
      () => {
        const c = counters()
        return c.received - before.received >= n ? c : null
      },
      () => `${what}: the engine counted ${counters().received - before.received} of ${n} messages${tail()}`,
      30_000,
      2,
    )
  }

  function storedCheck(msg: HostileMessage): string | null {
    if (!msg.event) return null
    const s = engine.events.summary(msg.event.id, msg.event.drillRunId ?? '')
    if (!s) return `${msg.label}: counted as stored but ${msg.event.id} is not in the store`
    if (s.version !== msg.event.version) return `${msg.label}: stored version ${s.version} ≠ ${msg.event.version}`
    if (s.drill !== (msg.event.drillRunId !== null)) return `${msg.label}: drill flag ${s.drill}`
    return null
  }

  beforeAll(async () => {
    broker = await startMosquitto()
    dataDir = mkdtempSync(join(tmpdir(), 'zs-hostile-'))
    engine = await createEngine({
      broker: { url: broker.url, protocolVersion: 5 },
      topicRoot: ctx.root,
      hallId: ctx.hallId,
      dataDir,
      server: { token: TOKEN, port: 0 },
      log: (m) => {
        engineLog.push(m)
        if (engineLog.length > 500) engineLog.splice(0, 250)
      },
    })
    await engine.waitForBroker(15_000)
    // The engine's own presence message comes back through {root}/# and is ignored; let it pass
    // before counting, so it is not attributed to the first test message.
    await waitFor(
      () => counters().ignored >= 1,
      () => 'the engine never saw its own presence message',
      10_000,
    )
    await new Promise((r) => setTimeout(r, 300))
    pub = await connectPublisher(broker.url, { protocolVersion: 5 })
  })

  afterAll(async () => {
    await pub?.close().catch(() => {})
    await engine?.stop().catch(() => {})
    await broker?.stop()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  const tally = new Map<Verdict, number>()
  /** Verdicts of messages that had more than one correct one (reported, for the record). */
  const flexible: string[] = []

  /** Sends one message and checks its exact verdict; returns the problems found. */
  async function sendOne(msg: HostileMessage): Promise<string[]> {
    const before = counters()
    await pub.publish(msg.topic, msg.bytes)
    const after = await settled(before, 1, msg.label)
    const d = delta(before, after)
    const moved = Object.entries(VERDICT_OF).filter(([counter]) => d[counter as keyof typeof d] > 0)
    const problems: string[] = []
    if (d.received !== 1 || moved.length !== 1) {
      return [`${msg.label} on ${msg.topic}: counters moved ${JSON.stringify(d)}`]
    }
    const verdict = moved[0][1]
    tally.set(verdict, (tally.get(verdict) ?? 0) + 1)
    if (msg.accept.length > 1) flexible.push(`${msg.label} → ${verdict}`)
    if (!msg.accept.includes(verdict)) {
      const item = verdict === 'quarantined' ? (await quarantineNewest(1))[0] : undefined
      return [
        `${msg.label} on ${msg.topic} (${msg.bytes.length} bytes): ${verdict}${item ? ` (${item.reason})` : ''}, expected ${msg.accept.join(' or ')}`,
      ]
    }
    if (verdict === 'quarantined') {
      const [item] = await quarantineNewest(1)
      if (!item || item.topic !== msg.topic || item.size !== msg.bytes.length)
        problems.push(`${msg.label}: the newest quarantine item is not it: ${JSON.stringify(item).slice(0, 300)}`)
      else if (!REASON.test(item.reason)) problems.push(`${msg.label}: quarantined with reason "${item.reason}"`)
    }
    if (verdict === 'stored') {
      const p = storedCheck(msg)
      if (p) problems.push(p)
      else if (msg.event) storedEvents.push({ ...msg.event, label: msg.label })
    }
    return problems
  }

  /**
   * Publishes a batch back to back (one connection, so in order) and checks it as a whole: every
   * message counted once, each counter within what the batch's accepted verdicts allow (an
   * invalid message has exactly one: quarantined), the quarantine grown by exactly the counted
   * number with a reason for each and every invalid message among them, every valid event stored.
   */
  async function sendBatch(msgs: HostileMessage[]): Promise<string[]> {
    const before = counters()
    const newestSeq = (await quarantineNewest(1))[0]?.seq ?? 0
    await Promise.all(msgs.map((m) => pub.publish(m.topic, m.bytes)))
    await settled(before, msgs.length, `batch of ${msgs.length}`)
    await new Promise((r) => setTimeout(r, 20)) // anything extra would show up now
    const d = delta(before, counters())
    const problems: string[] = []
    if (d.received !== msgs.length) problems.push(`received ${d.received} for ${msgs.length} messages`)
    let sum = 0
    for (const [counter, verdict] of Object.entries(VERDICT_OF)) {
      const got = d[counter as keyof typeof d]
      sum += got
      const must = msgs.filter((m) => m.accept.length === 1 && m.accept[0] === verdict).length
      const may = msgs.filter((m) => m.accept.includes(verdict)).length
      if (got < must || got > may) problems.push(`${counter}: ${got}, expected ${must}…${may}`)
    }
    if (sum !== msgs.length) problems.push(`verdicts ${sum} for ${msgs.length} messages: ${JSON.stringify(d)}`)

    const items =
      d.quarantined > 0
        ? (await quarantineNewest(Math.min(500, d.quarantined + 5))).filter((i) => i.seq > newestSeq)
        : []
    if (items.length !== d.quarantined)
      problems.push(`${items.length} new quarantine items, counter says ${d.quarantined}`)
    for (const i of items)
      if (!REASON.test(i.reason)) problems.push(`quarantined on ${i.topic} with reason "${i.reason}"`)
    const pool = items.map((i) => `${i.topic}\u0000${i.size}`)
    for (const m of msgs.filter((x) => x.accept.length === 1 && x.accept[0] === 'quarantined')) {
      const at = pool.indexOf(`${m.topic}\u0000${m.bytes.length}`)
      if (at < 0) problems.push(`${m.label} on ${m.topic} (${m.bytes.length} bytes) is not in the quarantine`)
      else pool.splice(at, 1)
    }
    for (const m of msgs.filter((x) => x.event)) {
      const p = storedCheck(m)
      if (p) problems.push(p)
      else storedEvents.push({ ...m.event!, label: m.label })
    }
    if (JSON.stringify(protoSnapshot()) !== JSON.stringify(protoBefore)) problems.push('a built-in prototype changed')
    if (({} as Record<string, unknown>).polluted !== undefined) problems.push('Object.prototype.polluted is set')
    return problems
  }

  // ---------- the fixed corpus ----------

  function corpus(): HostileMessage[] {
    const topics = contractTopics(ctx)
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 73 + 41) % 256))
    const msgs: HostileMessage[] = []
    const q = (label: string, topic: string, bytes: Buffer | string) =>
      msgs.push({ label, topic, bytes: Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes), accept: QUARANTINED })

    // Not JSON, not objects, on every contract topic.
    for (const [name, topic] of Object.entries(topics)) {
      q(`${name}: empty payload`, topic, Buffer.alloc(0))
      q(`${name}: binary garbage`, topic, garbage)
      q(`${name}: truncated JSON`, topic, '{"schema": "zs.event/1", "id": ')
      q(`${name}: null`, topic, 'null')
      q(`${name}: array at the root`, topic, '[{"schema":"zs.event/1"}]')
      q(`${name}: number`, topic, '42')
      q(`${name}: string`, topic, '"zs.event/1"')
      q(`${name}: true`, topic, 'true')
      q(`${name}: JSON with a comment`, topic, '{"a": 1 /* c */}')
      q(`${name}: NaN`, topic, '{"version": NaN}')
      q(`${name}: 10,000 nested arrays`, topic, deepJson(10_000, 'array'))
      q(`${name}: 10,000 nested objects`, topic, deepJson(10_000, 'object'))
      q(`${name}: bare __proto__`, topic, '{"__proto__": {"polluted": "yes"}}')
      q(`${name}: empty object`, topic, '{}')
    }
    q('events: 100,000 nested arrays', topics.events, deepJson(100_000, 'array'))
    q('events: 100,000 nested objects', topics.events, deepJson(100_000, 'object'))

    // Events: every mutation of a valid one.
    for (const mutation of Object.keys(EVENT_MUTATIONS)) msgs.push(mutatedEvent(ctx, mutation))
    // A whole valid event hidden in __proto__: the object itself has none of the fields.
    q(
      'event inside __proto__ only',
      topics.events,
      `{"__proto__": ${JSON.stringify(makeEvent({ source: 'citizen' }))}}`,
    )
    q(
      'event whose townshipCode is only in location.__proto__',
      topics.events,
      JSON.stringify(makeEvent({ id: freshId('EV-HX-BAD'), source: 'citizen' })).replace(
        '"townshipCode":"140724102"',
        '"__proto__":{"townshipCode":"140724102"}',
      ),
    )
    // The source is the routing contract; the drill flag must match the namespace.
    msgs.push({
      ...validEvent(ctx, { source: 'citizen' }),
      topic: `${ctx.root}/events/opinion`,
      label: 'event whose source differs from its topic',
      accept: QUARANTINED,
      event: undefined,
    })
    msgs.push({
      ...validEvent(ctx, { source: 'citizen', overrides: { drill: true } }),
      label: 'drill: true on a real topic',
      accept: QUARANTINED,
      event: undefined,
    })
    msgs.push({
      ...validEvent(ctx, { source: 'citizen', drillRun: ctx.drillRun, overrides: { drill: false } }),
      label: 'drill namespace without drill: true',
      accept: QUARANTINED,
      event: undefined,
    })
    // Size limits: 256 KiB per event message.
    msgs.push(eventOfSize(ctx, EVENT_LIMIT, 'event of exactly 256 KiB', STORED))
    msgs.push(eventOfSize(ctx, EVENT_LIMIT + 1, 'event of 256 KiB + 1 byte', QUARANTINED))
    msgs.push(eventOfSize(ctx, 3 * EVENT_LIMIT, 'event of 768 KiB', QUARANTINED))
    q('event with a 1 MiB title', topics.events, json(makeEvent({ source: 'citizen', title: '长'.repeat(350_000) })))
    // Invalid UTF-8 inside a string, in a key, before and after the object.
    const marked = JSON.stringify(makeEvent({ id: freshId('EV-HX-BAD'), source: 'citizen', title: '东固壁村@@沟渠' }))
    for (const [name, bad] of Object.entries(INVALID_UTF8)) {
      q(`event with invalid UTF-8 (${name}) in the title`, topics.events, spliceBytes(marked, bad, 'marker'))
    }
    q('invalid UTF-8 in a key', topics.events, spliceBytes(marked.replace('"title"', '"ti@@tle"'), [0xff], 'marker'))
    q('invalid UTF-8 before the object', topics.events, spliceBytes(marked, [0xc0, 0xaf], 'start'))
    q('invalid UTF-8 after the object', topics.events, spliceBytes(marked, [0xed, 0xa0, 0x80], 'end'))
    q('UTF-16 encoded event', topics.events, Buffer.from(`\ufeff${marked}`, 'utf16le'))

    // Valid events with hostile but legal content: stored, their text kept as text.
    const hostileTitles = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '"><svg onload=alert(document.cookie)>',
      "'; DROP TABLE events; --",
      '{{constructor.constructor("alert(1)")()}}',
      '\u202e\u2028\u2029\u0000 控制字符',
      '\ud800 lone surrogate',
      '𠜎𠜱𠝹 extended CJK 👩‍👩‍👧‍👦',
    ]
    for (const title of hostileTitles) {
      msgs.push(
        validEvent(ctx, {
          overrides: { title, description: title },
          label: `valid event titled ${JSON.stringify(title)}`,
        }),
      )
    }
    msgs.push(
      validEvent(ctx, {
        rawMembers: '"__proto__":{"polluted":"yes","drill":true}',
        label: 'valid event with a __proto__ member',
      }),
    )
    msgs.push(
      validEvent(ctx, {
        rawMembers: '"constructor":{"prototype":{"polluted":"yes"}}',
        label: 'valid event with a constructor.prototype member',
      }),
    )
    msgs.push(
      validEvent(ctx, {
        rawMembers: '"hasOwnProperty":1,"toString":"x","valueOf":null',
        label: 'valid event shadowing Object methods',
      }),
    )
    msgs.push(
      validEvent(ctx, {
        rawMembers: `"extra":${deepJson(60, 'array')}`,
        label: 'valid event with 60 levels in an unknown field (within the depth limit)',
      }),
    )
    // Deeper than MAX_JSON_DEPTH (64): quarantined as too_deep although otherwise valid.
    for (const depth of [65, 1_000, 10_000]) {
      msgs.push({
        ...validEvent(ctx, { rawMembers: `"extra":${deepJson(depth, 'array')}` }),
        label: `event with ${depth.toLocaleString('en-US')} levels in an unknown field (too deep)`,
        accept: QUARANTINED,
        event: undefined,
      })
    }
    msgs.push(
      validEvent(ctx, {
        overrides: { description: '描'.repeat(20_000) },
        label: 'valid event with a 20,000-char description',
      }),
    )
    msgs.push(validEvent(ctx, { source: 'video', drillRun: ctx.drillRun, label: 'valid drill event' }))
    msgs.push(
      validEvent(ctx, { overrides: { version: Number.MAX_SAFE_INTEGER }, label: 'valid event at version 2^53−1' }),
    )

    // Registry: numbers as strings, wrong shapes; a valid one replaces it.
    q('registry with version as string', topics.registry, json(registryPayload({ version: '13' })))
    q('registry with townships a string', topics.registry, json(registryPayload({ townships: '乐平镇' })))
    q(
      'registry with a grid of unknown kind',
      topics.registry,
      json(registryPayload({ grids: [{ id: 'G', name: 'g', kind: 'bogus' }] })),
    )
    q('registry without county', topics.registry, json(registryPayload({ county: undefined })))
    msgs.push({ label: 'valid registry', topic: topics.registry, bytes: json(registryPayload()), accept: STORED })

    // Video alerts: oversized, fake and mislabelled images, bad base64 and URLs, wrong types.
    const vt = videoTopic(ctx)
    const va = (overrides: Record<string, unknown>, snap: 'png' | 'jpeg' | 'url' | 'none' = 'jpeg') =>
      json(videoAlertPayload(overrides, snap))
    for (const snap of ['png', 'jpeg', 'url', 'none'] as const) {
      msgs.push({
        label: `valid video alert (${snap} snapshot)`,
        topic: vt,
        bytes: va({}, snap),
        accept: STORED_OR_UNSUPPORTED,
      })
    }
    msgs.push({
      label: 'valid video alert of an unknown type',
      topic: vt,
      bytes: va({ type: 'drone_sighting' }),
      accept: STORED_OR_UNSUPPORTED,
    })
    const b64 = (b: Buffer) => b.toString('base64')
    const snapshot = (mime: string, bytes: Buffer) => ({ snapshot: { mime, base64: b64(bytes) } })
    q('video alert: PNG signature on garbage', vt, va(snapshot('image/png', fakeImage('png', garbage))))
    q('video alert: JPEG SOI on garbage', vt, va(snapshot('image/jpeg', fakeImage('jpeg', garbage))))
    q('video alert: a PNG declared as JPEG', vt, va(snapshot('image/jpeg', tinyPng())))
    q('video alert: a JPEG declared as PNG', vt, va(snapshot('image/png', tinyJpeg())))
    q('video alert: SVG with a script', vt, va(snapshot('image/svg+xml', Buffer.from('<svg onload="alert(1)"/>'))))
    q(
      'video alert: HTML declared as PNG',
      vt,
      va(snapshot('image/png', Buffer.from('<html><script>alert(1)</script>'))),
    )
    q(
      'video alert: base64 that is not base64',
      vt,
      va({ snapshot: { mime: 'image/jpeg', base64: '!!!not base64!!!' } }),
    )
    q('video alert: javascript: URL snapshot', vt, va({ snapshot: { url: 'javascript:alert(1)' } }))
    q(
      'video alert: snapshot of 2 MiB + 1 byte',
      vt,
      va(snapshot('image/jpeg', Buffer.concat([tinyJpeg(), Buffer.alloc(SNAPSHOT_LIMIT + 1 - tinyJpeg().length)]))),
    )
    q('video alert: schema zs.video_alert/2', vt, va({ schema: 'zs.video_alert/2' }))
    q('video alert: version as string', vt, va({ version: '1' }))
    q('video alert: version 0', vt, va({ version: 0 }))
    q('video alert: id a number', vt, va({ id: 7 }))
    q('video alert: unknown status', vt, va({ status: 'burning' }))
    q('video alert: a box outside the image', vt, va({ boxes: [{ x: 0.9, y: 0.9, w: 0.5, h: 0.5 }] }))
    q('video alert: detectedAt without offset', vt, va({ detectedAt: '2026-11-27T21:14:05' }))
    q(
      'video alert of 4 MiB + 1 byte',
      vt,
      (() => {
        const base = va({ padding: '' })
        return va({ padding: 'x'.repeat(VIDEO_ALERT_LIMIT + 1 - base.length) })
      })(),
    )

    // Zero reports.
    const zt = topics['zero reports']
    const zr = (o: Record<string, unknown> = {}) => json(zeroReportPayload('140724100', o))
    msgs.push({ label: 'valid zero report', topic: zt, bytes: zr(), accept: STORED_OR_UNSUPPORTED })
    q('zero report: nothingToReport as string', zt, zr({ nothingToReport: 'true' }))
    q('zero report: 30 February', zt, zr({ date: '2026-02-30' }))
    q('zero report: date not a date', zt, zr({ date: 'today' }))
    q('zero report: schema zs.zero_report/2', zt, zr({ schema: 'zs.zero_report/2' }))
    q('zero report: unitCode missing', zt, zr({ unitCode: undefined }))

    // Acks for this hall: a valid ack for a command it never sent is ignored (or unsupported).
    const at = topics.acks
    msgs.push({
      label: 'valid ack for an unknown command',
      topic: at,
      bytes: json(ackPayload()),
      accept: ['ignored', 'quarantined'],
    })
    q('ack: ok as string', at, json(ackPayload({ ok: 'yes' })))
    q('ack: commandId missing', at, json(ackPayload({ commandId: undefined })))
    q('ack: schema only', at, '{"schema":"zs.ack/1"}')

    // Topics the contract does not define: quarantined whatever the payload.
    for (const topic of undefinedTopics(ctx)) {
      msgs.push({
        ...validEvent(ctx),
        topic,
        label: `valid event on undefined topic "${topic}"`,
        accept: QUARANTINED,
        event: undefined,
      })
    }
    // Traffic for other halls and this hall's own commands: ignored whatever the payload.
    for (const [name, topic] of Object.entries(ignoredTopics(ctx))) {
      msgs.push({ label: `${name}: garbage`, topic, bytes: garbage, accept: IGNORED })
      msgs.push({ label: `${name}: valid event`, topic, bytes: validEvent(ctx).bytes, accept: IGNORED })
    }
    // A drill does not replace the county's registry: the engine ignores (or quarantines) it.
    msgs.push({
      label: 'registry in the drill namespace',
      topic: `${ctx.root}/drill/${ctx.drillRun}/registry`,
      bytes: json(registryPayload()),
      accept: ['ignored', 'quarantined'],
    })

    // Interleave a valid event after every message.
    return msgs.flatMap((m, i) => [
      m,
      validEvent(ctx, { source: EVENT_SOURCES[i % EVENT_SOURCES.length], label: `valid event after "${m.label}"` }),
    ])
  }

  it('a corpus of adversarial payloads, one at a time: each gets exactly its verdict', async () => {
    const msgs = corpus()
    const quarantinedBefore = counters().quarantined
    const problems: string[] = []
    for (const msg of msgs) problems.push(...(await sendOne(msg)))
    const invalid = msgs.filter((m) => m.accept.length === 1 && m.accept[0] === 'quarantined').length
    const mayBe = msgs.filter((m) => m.accept.length > 1 && m.accept.includes('quarantined')).length
    const grown = counters().quarantined - quarantinedBefore
    console.log(
      `[hostile-input] corpus: ${msgs.length} messages, verdicts ${JSON.stringify(Object.fromEntries(tally))}; where more than one was right: ${flexible.join('; ')}`,
    )
    expect(problems, `${problems.length} problems${tail()}`).toEqual([])
    expect(grown).toBeGreaterThanOrEqual(invalid)
    expect(grown).toBeLessThanOrEqual(invalid + mayBe)
    expect(protoSnapshot()).toEqual(protoBefore)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(engine.health().broker).toMatchObject({ state: 'connected', reconnects: 0, lastError: null })
  }, 120_000)

  // ---------- the property ----------

  const source = fc.constantFrom(...EVENT_SOURCES)
  const topicName = fc.constantFrom(...Object.keys(contractTopics(ctx)))
  const legalText = fc
    .oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
      fc.constantFrom('<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '${process.exit(1)}', '\u0000'),
    )
    .filter((s) => s.length >= 1 && s.length <= 200)
  /** Values that break a required field (checked by a small oracle, not by the engine's schema). */
  const wrongValue: Record<string, (v: unknown) => boolean> = {
    version: (v) => Number.isSafeInteger(v) && (v as number) >= 1,
    severity: (v) => v === 1 || v === 2 || v === 3 || v === 4,
    title: (v) => typeof v === 'string' && v.length >= 1 && v.length <= 200,
    status: (v) => typeof v === 'string',
    id: (v) => typeof v === 'string' && v.length >= 1 && v.length <= 64,
    location: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
    reportedAt: (v) => typeof v === 'string',
    schema: (v) => v === 'zs.event/1',
  }

  type Desc =
    | {
        kind: 'valid event'
        source: Source
        drill: boolean
        title: string | null
        extra: unknown
        member: string | null
      }
    | { kind: 'event near the limit'; under: number }
    | { kind: 'event over the limit'; over: number }
    | { kind: 'garbage bytes'; topic: string; bytes: Uint8Array }
    | { kind: 'garbage text'; topic: string; text: string }
    | { kind: 'JSON value'; topic: string; value: unknown }
    | { kind: 'deep'; topic: string; depth: number; shape: 'array' | 'object' }
    | { kind: 'mutation'; mutation: string; source: Source }
    | { kind: 'wrong value'; field: string; value: unknown }
    | { kind: 'invalid UTF-8'; sequence: string; where: 'marker' | 'start' | 'end' }
    | { kind: 'valid video alert'; snapshot: 'png' | 'jpeg' | 'url' | 'none'; type: string }
    | { kind: 'fake image'; format: 'png' | 'jpeg'; declared: string; garbage: Uint8Array }
    | { kind: 'valid zero report' }
    | { kind: 'valid registry' }
    | { kind: 'undefined topic'; topic: string; payload: 'event' | 'garbage' }
    | { kind: 'ignored topic'; topic: string; payload: 'event' | 'garbage' }

  const segment = fc
    .stringMatching(/^[A-Za-z0-9_.-]{1,12}$/)
    .filter((s) => !['events', 'video', 'registry', 'zero-reports', 'acks', 'commands', 'halls', 'drill'].includes(s))
  const descArb: fc.Arbitrary<Desc> = fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        kind: fc.constant('valid event' as const),
        source,
        drill: fc.boolean(),
        title: fc.option(legalText),
        extra: fc.option(fc.jsonValue({ maxDepth: 4 })),
        member: fc.option(
          fc.constantFrom(
            '"__proto__":{"polluted":"yes","schema":"zs.event/2"}',
            '"constructor":{"prototype":{"polluted":"yes"}}',
            '"prototype":{"polluted":"yes"}',
            // Within MAX_JSON_DEPTH (64): valid. Deeper documents are quarantined (corpus below).
            `"deep":${deepJson(60, 'array')}`,
          ),
        ),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('event near the limit' as const), under: fc.nat(512) }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('event over the limit' as const),
        over: fc.integer({ min: 1, max: 4096 }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('garbage bytes' as const),
        topic: topicName,
        bytes: fc.uint8Array({ maxLength: 512 }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('garbage text' as const),
        topic: topicName,
        text: fc.string({ unit: 'binary', maxLength: 200 }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('JSON value' as const),
        topic: topicName,
        value: fc.jsonValue({ maxDepth: 5 }).filter((v) => !(typeof v === 'object' && v !== null && 'schema' in v)),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('deep' as const),
        topic: topicName,
        depth: fc.constantFrom(10, 1_000, 10_000, 100_000),
        shape: fc.constantFrom('array' as const, 'object' as const),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('mutation' as const),
        mutation: fc.constantFrom(...Object.keys(EVENT_MUTATIONS)),
        source,
      }),
    },
    {
      weight: 3,
      arbitrary: fc.constantFrom(...Object.keys(wrongValue)).chain((field) =>
        fc.record({
          kind: fc.constant('wrong value' as const),
          field: fc.constant(field),
          value: fc.jsonValue({ maxDepth: 3 }).filter((v) => !wrongValue[field](v)),
        }),
      ),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('invalid UTF-8' as const),
        sequence: fc.constantFrom(...Object.keys(INVALID_UTF8)),
        where: fc.constantFrom('marker' as const, 'start' as const, 'end' as const),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('valid video alert' as const),
        snapshot: fc.constantFrom('png' as const, 'jpeg' as const, 'url' as const, 'none' as const),
        type: fc.constantFrom(
          'illegal_parking',
          'garbage_overflow',
          'fire_lane_blocked',
          'ebike_indoor',
          'other',
          'drone',
        ),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('fake image' as const),
        format: fc.constantFrom('png' as const, 'jpeg' as const),
        declared: fc.constantFrom('image/png', 'image/jpeg'),
        garbage: fc.uint8Array({ minLength: 1, maxLength: 2048 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('valid zero report' as const) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('valid registry' as const) }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('undefined topic' as const),
        topic: fc.oneof(
          fc.constantFrom(...undefinedTopics(ctx)),
          segment.map((s) => `${ctx.root}/${s}`),
          fc.tuple(segment, segment).map(([a, b]) => `${ctx.root}/${a}/${b}`),
        ),
        payload: fc.constantFrom('event' as const, 'garbage' as const),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('ignored topic' as const),
        topic: fc.constantFrom(...Object.values(ignoredTopics(ctx))),
        payload: fc.constantFrom('event' as const, 'garbage' as const),
      }),
    },
  )

  function materialize(d: Desc): HostileMessage {
    const topics = contractTopics(ctx)
    const q = (topic: string, bytes: Buffer): HostileMessage => ({ label: d.kind, topic, bytes, accept: QUARANTINED })
    switch (d.kind) {
      case 'valid event': {
        const extra = d.extra === null ? {} : { extra: d.extra }
        const title = d.title === null ? {} : { title: d.title }
        return validEvent(ctx, {
          source: d.source,
          drillRun: d.drill ? ctx.drillRun : null,
          overrides: { ...extra, ...title },
          rawMembers: d.member ?? undefined,
        })
      }
      case 'event near the limit':
        return eventOfSize(ctx, EVENT_LIMIT - d.under, `event of 256 KiB − ${d.under}`, STORED)
      case 'event over the limit':
        return eventOfSize(ctx, EVENT_LIMIT + d.over, `event of 256 KiB + ${d.over}`, QUARANTINED)
      case 'garbage bytes':
        return q(topics[d.topic], Buffer.from(d.bytes))
      case 'garbage text':
        return q(topics[d.topic], Buffer.from(d.text, 'utf8'))
      case 'JSON value':
        return q(topics[d.topic], json(d.value))
      case 'deep':
        return q(topics[d.topic], Buffer.from(deepJson(d.depth, d.shape)))
      case 'mutation':
        return mutatedEvent(ctx, d.mutation, d.source)
      case 'wrong value': {
        const event = JSON.parse(JSON.stringify(makeEvent({ source: 'citizen' }))) as Record<string, unknown>
        event[d.field] = d.value
        return q(topics.events, json(event))
      }
      case 'invalid UTF-8': {
        const text = JSON.stringify(makeEvent({ source: 'citizen', title: '村@@沟' }))
        return q(topics.events, spliceBytes(text, INVALID_UTF8[d.sequence], d.where))
      }
      case 'valid video alert':
        return {
          label: d.kind,
          topic: videoTopic(ctx),
          bytes: json(videoAlertPayload({ type: d.type }, d.snapshot)),
          accept: STORED_OR_UNSUPPORTED,
        }
      case 'fake image':
        return q(
          videoTopic(ctx),
          json(
            videoAlertPayload({
              snapshot: { mime: d.declared, base64: fakeImage(d.format, d.garbage).toString('base64') },
            }),
          ),
        )
      case 'valid zero report': {
        // A unit of its own each time: the report of (date, unit) is new, never a duplicate.
        const unit = freshId('U')
        return {
          label: d.kind,
          topic: `${ctx.root}/zero-reports/${unit}`,
          bytes: json(zeroReportPayload(unit)),
          accept: STORED_OR_UNSUPPORTED,
        }
      }
      case 'valid registry':
        return { label: d.kind, topic: topics.registry, bytes: json(registryPayload()), accept: STORED }
      case 'undefined topic':
      case 'ignored topic':
        return {
          label: `${d.kind} ${d.topic}`,
          topic: d.topic,
          bytes: d.payload === 'event' ? validEvent(ctx).bytes : Buffer.from([0xff, 0x00, 0x7b]),
          accept: d.kind === 'undefined topic' ? QUARANTINED : IGNORED,
        }
    }
  }

  it(`property: random batches on every topic, valid events interleaved (seed ${SEED}, ${RUNS} runs)`, async () => {
    let published = 0
    await fc.assert(
      fc.asyncProperty(fc.array(descArb, { minLength: 1, maxLength: 8 }), async (descs) => {
        const msgs = descs.flatMap((d, i) => [
          materialize(d),
          validEvent(ctx, { source: EVENT_SOURCES[i % EVENT_SOURCES.length], label: 'interleaved valid event' }),
        ])
        published += msgs.length
        const problems = await sendBatch(msgs)
        if (problems.length) throw new Error(`seed ${SEED}: ${problems.join('\n')}${tail()}`)
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    )
    console.log(`[hostile-input] property: ${RUNS} runs, ${published} messages, seed ${SEED}`)
    expect(published).toBeGreaterThanOrEqual(RUNS * 2)
  }, 120_000)

  it('afterwards: alive, connected, prototypes clean, every valid event still there, a new one stored promptly', async () => {
    const h = await fetch(`${engine.url}/api/health`, { headers: { Authorization: `Bearer ${TOKEN}` } })
    expect(h.status).toBe(200)
    expect(engine.health().engine.state).toBe('running')
    expect(engine.health().broker).toMatchObject({ state: 'connected', reconnects: 0, lastError: null })
    expect(protoSnapshot()).toEqual(protoBefore)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()

    const missing = storedEvents.filter((e) => !engine.events.summary(e.id, e.drillRunId ?? ''))
    expect(missing.map((e) => e.label)).toEqual([])

    const last = validEvent(ctx, { source: 'enforcement', label: 'the valid event after the whole run' })
    const before = counters()
    await pub.publish(last.topic, last.bytes)
    await settled(before, 1, last.label)
    expect(engine.events.summary(last.event!.id)).not.toBeNull()
    const c = counters()
    // The persistent counters add up: every message received got exactly one verdict.
    expect(c.stored + c.duplicates + c.stale + c.quarantined + c.ignored).toBe(c.received)
  })
})

/**
 * 10,000 levels of nesting (≈ 20 KB) parse, but serialising such a document again overflows the
 * stack — in the API, the UI's read-back, the trace. The contract is silent on depth; the engine
 * quarantines anything nested deeper than MAX_JSON_DEPTH (64) as `too_deep`, on every topic. Each
 * case runs against its own host process, so a crash shows as the process exiting and a wedged
 * link as reconnects; a valid event published right after must be stored without a reconnect, and
 * the engine must keep answering over HTTP and WebSocket.
 */
describe('a message with 10,000 levels of nesting', () => {
  let broker: MosquittoBroker
  let engine: EngineProcess
  beforeEach(async () => {
    broker = await startMosquitto()
    engine = await startEngineProcess({ brokerUrl: broker.url, topicRoot: ctx.root, hallId: 'deep-hall' })
    await waitFor(
      async () => (await engine.get<Health>('/api/health')).broker.state === 'connected',
      () => 'engine not connected',
      30_000,
    )
  })
  afterEach(async () => {
    await engine?.stop()
    await broker?.stop()
  })

  const deep = `"extra":${deepJson(10_000, 'array')}`
  const health = () => engine.get<Health>('/api/health')
  const withDeep = (payload: Record<string, unknown>) => Buffer.from(withRawMembers(JSON.stringify(payload), deep))

  async function quarantinedWithoutHarm(topic: string, bytes: Buffer) {
    const next = validEvent(ctx, { label: 'the valid event after it' })
    const once = await connectPublisher(broker.url)
    await once.publish(topic, bytes)
    await once.publish(next.topic, next.bytes)
    await once.close()
    const h = await waitFor(
      async () => {
        const h = await health()
        if (h.broker.reconnects > 0) return h
        return (await engine.api(`/api/events/${next.event!.id}`)).status === 200 ? h : null
      },
      async () => `the event after it was not stored: ${JSON.stringify(await health())}`,
      15_000,
    )
    expect({ reconnects: h.broker.reconnects, lastError: h.broker.lastError }).toEqual({
      reconnects: 0,
      lastError: null,
    })
    const q = await engine.rpc<{ items: QuarantineItem[] }>(
      'quarantine.list',
      { limit: 5 },
      await engine.sessionToken('admin'),
    )
    if (!q.ok) throw new Error(JSON.stringify(q.error))
    expect(q.value.items.find((i) => i.topic === topic)?.reason).toMatch(/^too_deep/)

    // The engine still answers both transports.
    const ws = new WebSocket(`${engine.url.replace('http', 'ws')}/api/ws`)
    const frames: { t: string; id?: number; ok?: boolean }[] = []
    ws.on('message', (d) => frames.push(JSON.parse(d.toString()) as { t: string }))
    ws.on('error', () => {})
    await new Promise((r) => ws.once('open', r))
    ws.send(JSON.stringify({ t: 'hello', token: engine.token, protocol: 1 }))
    await waitFor(
      () => frames.some((f) => f.t === 'welcome'),
      () => 'no welcome',
      5_000,
    )
    ws.send(JSON.stringify({ t: 'call', id: 1, method: 'events.get', params: { id: next.event!.id } }))
    const reply = await waitFor(
      () => frames.find((f) => f.t === 'reply' && f.id === 1),
      () => 'no reply',
      5_000,
    )
    ws.terminate()
    expect(reply.ok).toBe(true)
    expect(engine.proc.exitCode).toBeNull()
  }

  it('an event is quarantined as too_deep', async () => {
    const msg = validEvent(ctx, { rawMembers: deep, label: 'deep event' })
    await quarantinedWithoutHarm(msg.topic, msg.bytes)
  })
  it('a registry is quarantined as too_deep', async () => {
    await quarantinedWithoutHarm(`${ctx.root}/registry`, withDeep(registryPayload()))
  })
  it('a video alert is quarantined as too_deep', async () => {
    await quarantinedWithoutHarm(videoTopic(ctx), withDeep(videoAlertPayload({}, 'url')))
  })
  it('a zero report is quarantined as too_deep', async () => {
    await quarantinedWithoutHarm(`${ctx.root}/zero-reports/140724100`, withDeep(zeroReportPayload('140724100')))
  })
  it('an ack is quarantined as too_deep', async () => {
    await quarantinedWithoutHarm(`${ctx.root}/acks/deep-hall`, withDeep(ackPayload()))
  })
})
