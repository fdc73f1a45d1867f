/**
 * The county platform, simulated, on a real MQTT broker: publishes the demo county's registry
 * (retained), a backlog of the last day's events, then a live stream of new events and new
 * versions of open ones, exactly on the topics and with the payloads of mqtt-contract.md.
 * Used by the demo (embedded broker), by `npm run simulate`, and by tests.
 */
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt'
import type { ZsEvent } from '../contract'
import { buildBacklog } from './backlog'
import { buildXiyangRegistry, type CountyRegistry } from './county'
import { createEventGenerator, type EventGenerator } from './generator'
import { isTerminal } from './lifecycle'
import {
  decideEventCommand,
  DEFAULT_UNIT_STEP_OPTIONS,
  stepOwner,
  unitDelayMs,
  unitStep,
  type UnitStepOptions,
} from './platform'
import { createRng, hashSeed, type Rng } from './random'
import { HOUR, MINUTE, parseIso } from './time'
import { createVideoAlertGenerator, videoAlertTopic } from './video'
import { createCommandRouter } from './command-router'
import { createVideoPlatform } from './video-platform'
import { planZeroReports, shanghaiDate, zeroReportTopic, type PlannedZeroReport } from './zero-reports'

export interface SimulatorOptions {
  brokerUrl: string
  /** Topic prefix `{root}`; default `zs`. */
  topicRoot?: string
  /** New events per second (Poisson arrivals); default 0.5. 0 publishes none. */
  rate?: number
  /** Lifecycle steps of open events per second; default 4 × rate (an event takes ~6 steps). */
  progressRate?: number
  /** Seed of the event stream; default derived from the clock (logged, so a run can be replayed). */
  seed?: number
  username?: string
  password?: string
  /** MQTT 3.1.1 (4) or 5; default 4. */
  protocolVersion?: 4 | 5
  clientId?: string
  /** Events of the last ~24 h published at start, so the screens are not empty; default 40. */
  initialBacklog?: number
  /** How far back the backlog reaches; default 24 h. */
  backlogSpanMs?: number
  /** At most this many open events are tracked (and moved on); the oldest are dropped. Default 2,000. */
  maxOpen?: number
  /** Registry version; a hall replaces its registry when a higher one arrives. Default 1. */
  registryVersion?: number
  /** Pre-built registry (tests, other counties); default the Xiyang demo county. */
  registry?: CountyRegistry
  /** Suffix that keeps event ids unique across runs; default derived from the start time, '' for none. */
  runTag?: string
  /** Give up starting when the broker has not accepted the connection by then; default 30 s. */
  connectTimeoutMs?: number
  /** Interval of the publishing loop; default 200 ms. */
  tickMs?: number
  /** Community video alerts per second (Poisson, each with a PNG snapshot); default rate / 20. */
  videoAlertRate?: number
  /** Video alerts of the last ~12 h published at start; default 6. */
  initialVideoAlerts?: number
  /** Publish the townships' daily zero reports (yesterday's at start, today's as they fall due); default true. */
  zeroReports?: boolean
  /** Townships that do not report on a given day; default 2. */
  zeroReportsMissing?: number
  /** Answer the halls' commands (zs.command/1 → zs.ack/1 and new versions) as the platform; default true. */
  answerCommands?: boolean
  /** How long a property company takes to rectify a forwarded video alert, ms [min, max]; default 20 s – 2 min. */
  videoRectifyDelayMs?: readonly [number, number]
  /** Share of forwarded video alerts the property companies rectify; default 0.85. */
  videoRectifyShare?: number
  /**
   * The simulated platform also plays a hall for events nobody acts on (accept, dispatch, visit,
   * close …), but only after an event has waited this long in its state (real ms), so a duty
   * officer always has the first go. Events a hall has sent an accepted command for are never moved
   * on by this autopilot: only their unit steps follow. Default 3 minutes; 0 moves events on at once.
   */
  hallGraceMs?: number
  /** The unit's steps on events a hall dispatched: return rate and the compressed clock. */
  unitSteps?: Partial<UnitStepOptions>
  /** Events the platform remembers for answering commands (the most recently changed kept); default 20,000. */
  maxKnown?: number
  /** Clock; default Date.now. */
  now?: () => number
  log?: (message: string) => void
}

export interface SimulatorStats {
  /** New events published (version 1), backlog included. */
  published: number
  /** Event messages published, every version counted (so versions ≥ published). */
  versions: number
  /** Open events currently tracked. */
  open: number
  /** Video alerts published. */
  videoAlerts: number
  /** Zero reports published. */
  zeroReports: number
  /** Whether the broker connection is up. */
  connected: boolean
  /** Commands answered with an ack (ok or not), repeats not counted. */
  commandsAnswered: number
  /** Video alerts the simulated property companies reported rectified. */
  videoRectified: number
}

export interface Simulator {
  /** Connects, publishes the registry and the backlog, then starts the live stream. */
  start(): Promise<void>
  /** Stops the stream and disconnects cleanly (waits for in-flight publishes). Idempotent. */
  stop(): Promise<void>
  stats(): SimulatorStats
  /** The registry being published (e.g. for an embedding host that wants to show it). */
  readonly registry: CountyRegistry
  /**
   * Publishes one event version as the platform (tests, scripted demos) and remembers it, so the
   * halls' commands on it are answered.
   */
  publish(event: ZsEvent): Promise<void>
  /** The platform's current version of an event, if it knows it. */
  current(id: string): ZsEvent | undefined
}

/**
 * Open events with O(1) add, remove, random pick and "oldest" (for the cap): a Map keeps insertion
 * order for the oldest, an array gives random access.
 */
class OpenEvents {
  private readonly byId = new Map<string, { event: ZsEvent; slot: number }>()
  private readonly ids: string[] = []

  get size(): number {
    return this.ids.length
  }

  set(event: ZsEvent): void {
    const entry = this.byId.get(event.id)
    if (entry) {
      entry.event = event
      return
    }
    this.byId.set(event.id, { event, slot: this.ids.length })
    this.ids.push(event.id)
  }

  delete(id: string): void {
    const entry = this.byId.get(id)
    if (!entry) return
    const lastId = this.ids[this.ids.length - 1]
    this.ids[entry.slot] = lastId
    const last = this.byId.get(lastId)
    if (last) last.slot = entry.slot
    this.ids.pop()
    this.byId.delete(id)
  }

  oldestId(): string | undefined {
    return this.byId.keys().next().value
  }

  random(rng: Rng): ZsEvent | undefined {
    if (this.ids.length === 0) return undefined
    return this.byId.get(rng.pick(this.ids))?.event
  }
}

/** A short tag from the start time (base 36 seconds, repeats after ~2 years). */
export function defaultRunTag(nowMs: number): string {
  return (Math.floor(nowMs / 1000) % 36 ** 5).toString(36).toUpperCase().padStart(5, '0')
}

export function eventTopic(root: string, event: Pick<ZsEvent, 'source'>): string {
  return `${root}/events/${event.source}`
}

export function registryTopic(root: string): string {
  return `${root}/registry`
}

export function createSimulator(options: SimulatorOptions): Simulator {
  const now = options.now ?? Date.now
  const log = options.log ?? (() => {})
  const root = options.topicRoot ?? 'zs'
  const rate = Math.max(0, options.rate ?? 0.5)
  const progressRate = Math.max(0, options.progressRate ?? rate * 4)
  const maxOpen = Math.max(1, options.maxOpen ?? 2000)
  const seed = (options.seed ?? now()) >>> 0
  const registry = options.registry ?? buildXiyangRegistry(options.registryVersion ?? 1)
  const startedAt = now()
  const generator: EventGenerator = createEventGenerator({
    registry,
    seed,
    runTag: options.runTag ?? defaultRunTag(startedAt),
  })
  // Separate streams for timing and for choosing which event moves, so the event texts of a seed
  // do not depend on how the timer happened to fire.
  const scheduleRng = createRng(seed ^ 0x9e3779b9)
  const backlogRng = createRng(seed ^ 0x85ebca6b)
  // Video alerts and zero reports draw from their own streams, so adding them leaves a seed's
  // event stream as it was.
  const videoRng = createRng(seed ^ 0xc2b2ae35)
  const videoRate = Math.max(0, options.videoAlertRate ?? rate / 20)
  const videoGenerator = createVideoAlertGenerator({
    registry,
    seed,
    runTag: options.runTag ?? defaultRunTag(startedAt),
  })
  const zeroReportsOn = options.zeroReports ?? true
  // The day's zero reports depend on the county and the date only, so a restarted demo publishes
  // the same reports again (the hall counts them as duplicates) instead of a different day.
  const zeroSeed = hashSeed(registry.county.code)
  let zeroDay: string | null = null
  let zeroQueue: PlannedZeroReport[] = []

  // The platform's command desk: one subscription, routed by target type (video alerts here; the
  // event part registers its own handler with commandRouter.on('event', …)).
  const answerCommands = options.answerCommands ?? true
  const commandRouter = createCommandRouter({
    root,
    now,
    log,
    publish: async (topic, payload) => {
      if (!client) throw new Error('simulator is not connected')
      await client.publishAsync(topic, payload, { qos: 1, retain: false })
    },
  })
  const videoPlatform = createVideoPlatform({
    root,
    rng: createRng(seed ^ 0x7feb352d),
    rectifyDelayMs: options.videoRectifyDelayMs,
    rectifyShare: options.videoRectifyShare,
  })
  commandRouter.on('video_alert', (command, t) => videoPlatform.answer(command, t))

  // The event part of the platform: the latest version of every event it published (bounded, the
  // least recently changed forgotten first), the events halls act on, and the units' pending steps.
  const maxKnown = Math.max(1, options.maxKnown ?? 20_000)
  const hallGraceMs = Math.max(0, options.hallGraceMs ?? 3 * MINUTE)
  const unitOptions: UnitStepOptions = { ...DEFAULT_UNIT_STEP_OPTIONS, ...options.unitSteps }
  const platformRng = createRng(seed ^ 0x27d4eb2f)
  const known = new Map<string, ZsEvent>()
  const hallOwned = new Set<string>()
  const unitQueue: { atMs: number; id: string; version: number }[] = []
  function remember(event: ZsEvent): void {
    const held = known.get(event.id)
    if (held && held.version > event.version) return
    known.delete(event.id)
    known.set(event.id, event)
    while (known.size > maxKnown) {
      const oldest = known.keys().next().value!
      known.delete(oldest)
      hallOwned.delete(oldest)
    }
  }
  function scheduleUnitStep(event: ZsEvent, t: number): void {
    if (stepOwner(event.status) !== 'unit') return
    const atMs = t + unitDelayMs(event, platformRng, t, unitOptions)
    unitQueue.push({ atMs, id: event.id, version: event.version })
    unitQueue.sort((a, b) => a.atMs - b.atMs)
  }
  commandRouter.on('event', (command, t) => {
    const before = known.get(command.target.id)
    const decision = decideEventCommand(before, command, { at: t, units: registry.units })
    if (!decision.ok) return decision
    const next = decision.next
    remember(next)
    hallOwned.add(next.id)
    track(next)
    // A new status that is the unit's to move on (dispatch, reopen) starts its clock; a comment or
    // 督办 on a dispatched event keeps the step already waiting (it follows the new version).
    if (next.status !== before?.status) scheduleUnitStep(next, t)
    counters.versions++
    return { ok: true, resultVersion: next.version, publications: [{ topic: eventTopic(root, next), payload: next }] }
  })
  /** The units' steps on the halls' events that have fallen due, as next versions. */
  function dueUnitSteps(t: number): ZsEvent[] {
    const due: ZsEvent[] = []
    while (unitQueue.length && unitQueue[0].atMs <= t) {
      const step = unitQueue.shift()!
      const current = known.get(step.id)
      // The hall moved it on meanwhile (e.g. supervised or commented): the step waits for that version.
      if (!current || current.version !== step.version) {
        if (current && stepOwner(current.status) === 'unit' && current.version > step.version)
          unitQueue.push({ ...step, version: current.version })
        continue
      }
      const next = unitStep(current, platformRng, t, registry.units, unitOptions)
      if (!next) continue
      remember(next)
      track(next)
      scheduleUnitStep(next, t)
      due.push(next)
    }
    unitQueue.sort((a, b) => a.atMs - b.atMs)
    return due
  }
  let commandQueue: Promise<void> = Promise.resolve()

  const open = new OpenEvents()
  const counters = { published: 0, versions: 0, videoAlerts: 0, zeroReports: 0 }
  let client: MqttClient | null = null
  let timer: ReturnType<typeof setInterval> | null = null
  let ticking: Promise<void> | null = null
  let stopped = false
  let nextArrival = Number.POSITIVE_INFINITY
  let nextProgress = Number.POSITIVE_INFINITY
  let nextVideo = Number.POSITIVE_INFINITY

  async function publishEvent(event: ZsEvent): Promise<void> {
    if (!client) throw new Error('simulator is not connected')
    await client.publishAsync(eventTopic(root, event), JSON.stringify(event), { qos: 1, retain: false })
    counters.versions++
    if (event.version === 1) counters.published++
  }

  async function publishVideoAlert(atMs: number): Promise<void> {
    const alert = videoGenerator.create(atMs)
    if (!alert || !client) return
    videoPlatform.track(alert)
    await client.publishAsync(videoAlertTopic(root, alert), JSON.stringify(alert), { qos: 1, retain: false })
    counters.videoAlerts++
  }

  /** The property companies' rectifications that have fallen due, as new alert versions. */
  async function publishDueRectifications(t: number): Promise<void> {
    for (const { topic, payload } of videoPlatform.dueRectifications(t)) {
      if (!client || stopped) return
      await client.publishAsync(topic, JSON.stringify(payload), { qos: 1, retain: false })
    }
  }

  /** Publishes the zero reports that have fallen due by `t` (a new day brings a new plan). */
  async function publishDueZeroReports(t: number): Promise<void> {
    if (!zeroReportsOn) return
    const today = shanghaiDate(t)
    if (today !== zeroDay) {
      zeroDay = today
      zeroQueue = planZeroReports(registry, today, zeroSeed, options.zeroReportsMissing)
    }
    while (zeroQueue.length && zeroQueue[0].atMs <= t && client && !stopped) {
      const { report } = zeroQueue.shift()!
      await client.publishAsync(zeroReportTopic(root, report.unitCode), JSON.stringify(report), { qos: 1 })
      counters.zeroReports++
    }
  }

  async function publishRegistry(): Promise<void> {
    if (!client) return
    // `demo: true` (an extra field, kept and ignored by the contract) tells a hall that this
    // county is the simulator's, so it can say 演示模式.
    const payload = JSON.stringify({ ...registry, demo: true })
    await client.publishAsync(registryTopic(root), payload, { qos: 1, retain: true })
  }

  function track(event: ZsEvent): void {
    remember(event)
    if (isTerminal(event.status)) {
      open.delete(event.id)
      return
    }
    open.set(event)
    // Bounded memory: the oldest open events are forgotten (they stay open in the hall, as
    // overdue work does in reality).
    while (open.size > maxOpen) {
      const oldest = open.oldestId()
      if (oldest === undefined) break
      open.delete(oldest)
    }
  }

  /** One pass of the live loop: what is due since the last pass, published in order. */
  async function tick(): Promise<void> {
    if (!client?.connected || stopped) return
    const t = now()
    // After a pause (broker away, machine asleep) do not burst everything that was missed.
    if (nextArrival < t - 5_000) nextArrival = t
    if (nextProgress < t - 5_000) nextProgress = t
    if (nextVideo < t - 5_000) nextVideo = t
    const due: ZsEvent[] = []
    while (nextArrival <= t) {
      due.push(generator.create(t))
      nextArrival += scheduleRng.exponential(rate) * 1000
    }
    while (nextProgress <= t) {
      nextProgress += scheduleRng.exponential(progressRate) * 1000
      const event = open.random(scheduleRng)
      if (!event) continue
      // A hall's event moves on by the hall's commands and its unit's scheduled steps only; others
      // wait for a hall first (the grace), then the platform plays one.
      if (hallOwned.has(event.id)) continue
      if (stepOwner(event.status) === 'hall' && t - (parseIso(event.updatedAt) || 0) < hallGraceMs) continue
      const next = generator.advance(event, t)
      if (next) {
        due.push(next)
        track(next)
      } else open.delete(event.id)
    }
    due.push(...dueUnitSteps(t))
    for (const event of due) {
      if (event.version === 1) track(event)
      await publishEvent(event)
    }
    while (nextVideo <= t && !stopped) {
      nextVideo += videoRng.exponential(videoRate) * 1000
      await publishVideoAlert(t)
    }
    await publishDueRectifications(t)
    await publishDueZeroReports(t)
  }

  function runTick(): void {
    if (ticking) return
    ticking = tick()
      .catch((error: unknown) => log(`publish failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        ticking = null
      })
  }

  /** Yesterday's zero reports, today's so far, and a few video alerts of the last 12 hours. */
  async function publishStartBacklog(): Promise<void> {
    const t = now()
    if (zeroReportsOn && client) {
      const yesterday = planZeroReports(registry, shanghaiDate(t - 24 * HOUR), zeroSeed, options.zeroReportsMissing)
      for (const { report } of yesterday) {
        if (stopped) return
        await client.publishAsync(zeroReportTopic(root, report.unitCode), JSON.stringify(report), { qos: 1 })
        counters.zeroReports++
      }
    }
    await publishDueZeroReports(t)
    const times = Array.from(
      { length: Math.max(0, options.initialVideoAlerts ?? 6) },
      () => t - videoRng.next() * 12 * HOUR,
    )
    for (const at of times.sort((a, b) => a - b)) {
      if (stopped) return
      await publishVideoAlert(at)
    }
    if (zeroReportsOn || times.length)
      log(`backlog: ${counters.zeroReports} zero reports, ${counters.videoAlerts} video alerts`)
  }

  async function connect(): Promise<MqttClient> {
    const clientOptions: IClientOptions = {
      clientId: options.clientId ?? `zs-sim-${defaultRunTag(startedAt).toLowerCase()}-${(seed % 10_000).toString(36)}`,
      username: options.username,
      password: options.password,
      protocolVersion: options.protocolVersion ?? 4,
      clean: true,
      reconnectPeriod: 2_000,
      connectTimeout: 10_000,
    }
    const c = mqtt.connect(options.brokerUrl, clientOptions)
    const timeoutMs = options.connectTimeoutMs ?? 30_000
    await new Promise<void>((resolve, reject) => {
      let lastError = ''
      const onConnect = (): void => {
        cleanup()
        resolve()
      }
      const onError = (error: Error): void => {
        lastError = error.message
        log(`broker error: ${error.message}`)
      }
      const timeout = setTimeout(() => {
        cleanup()
        c.end(true)
        reject(
          new Error(
            `could not connect to ${options.brokerUrl} within ${timeoutMs} ms${lastError ? `: ${lastError}` : ''}`,
          ),
        )
      }, timeoutMs)
      function cleanup(): void {
        clearTimeout(timeout)
        c.off('connect', onConnect)
        c.off('error', onError)
      }
      c.on('connect', onConnect)
      c.on('error', onError)
    })
    // After the first connection: keep the error visible, and re-publish the retained registry on
    // every reconnect in case the broker lost it (an in-memory broker that restarted).
    c.on('error', (error) => log(`broker error: ${error.message}`))
    if (answerCommands) {
      // In arrival order, one at a time: a command's versions and ack go out before the next is read.
      c.on('message', (topic, payload) => {
        commandQueue = commandQueue
          .then(() => commandRouter.handle(topic, payload))
          .catch((error: unknown) =>
            log(`command answer failed: ${error instanceof Error ? error.message : String(error)}`),
          )
      })
      // A clean session: MQTT.js subscribes again on every reconnect.
      await c.subscribeAsync(commandRouter.topic, { qos: 1 })
    }
    c.on('offline', () => log('broker offline, pausing the stream'))
    c.on('connect', () => {
      log('broker reconnected')
      publishRegistry().catch((error: unknown) => log(`registry publish failed: ${String(error)}`))
    })
    return c
  }

  return {
    registry,
    async start() {
      if (client || stopped) throw new Error('simulator already started')
      const connected = await connect()
      if (stopped) {
        // stop() was called while we were connecting.
        await connected.endAsync(true)
        return
      }
      client = connected
      log(`connected to ${options.brokerUrl}, topic root "${root}", seed ${seed}, ${rate} events/s`)
      await publishRegistry()
      log(
        `registry v${registry.version}: ${registry.townships.length} townships, ${registry.villages.length} villages, ` +
          `${registry.grids.length} grids (incl. dedicated), ${registry.microGrids.length} micro-grids`,
      )
      const count = options.initialBacklog ?? 40
      if (count > 0) {
        const backlog = buildBacklog(generator, backlogRng, {
          count,
          nowMs: now(),
          spanMs: options.backlogSpanMs ?? 24 * HOUR,
        })
        try {
          for (const event of backlog.messages) {
            if (stopped) return
            await publishEvent(event)
          }
        } catch (error) {
          // stop() during the backlog ends the client under our feet; that is not a failure.
          if (stopped) return
          throw error
        }
        for (const event of backlog.open) track(event)
        log(`backlog: ${count} events, ${backlog.messages.length} versions, ${backlog.open.length} still open`)
      }
      if (stopped) return
      try {
        await publishStartBacklog()
      } catch (error) {
        if (stopped) return
        throw error
      }
      if (stopped) return
      const t = now()
      nextVideo = videoRate > 0 ? t + videoRng.exponential(videoRate) * 1000 : Number.POSITIVE_INFINITY
      nextArrival = rate > 0 ? t + scheduleRng.exponential(rate) * 1000 : Number.POSITIVE_INFINITY
      nextProgress = progressRate > 0 ? t + scheduleRng.exponential(progressRate) * 1000 : Number.POSITIVE_INFINITY
      timer = setInterval(runTick, options.tickMs ?? 200)
    },
    async stop() {
      if (stopped) return
      stopped = true
      if (timer) clearInterval(timer)
      timer = null
      // A publish can wait forever for its PUBACK while the broker is away; do not hang on it.
      if (ticking) await Promise.race([ticking, new Promise((resolve) => setTimeout(resolve, 2_000))])
      const c = client
      client = null
      if (c) await c.endAsync(!c.connected)
    },
    async publish(event) {
      track(event)
      await publishEvent(event)
    },
    current: (id) => known.get(id),
    stats() {
      return {
        published: counters.published,
        versions: counters.versions,
        open: open.size,
        videoAlerts: counters.videoAlerts,
        zeroReports: counters.zeroReports,
        connected: client?.connected ?? false,
        commandsAnswered: commandRouter.stats().commands,
        videoRectified: videoPlatform.stats().rectified,
      }
    },
  }
}
