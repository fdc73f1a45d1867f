/**
 * The hall's MQTT link: a persistent session with a stable client id, QoS 1 subscriptions, and
 * the acknowledgement of each message only after the ingest callback has committed it
 * (MQTT.js sends PUBACK when `handleMessage` calls back).
 */
import { readFileSync } from 'node:fs'
import mqtt, { type IClientOptions, type MqttClient, type Packet } from 'mqtt'
import type { BrokerState } from '../../contract'
import { toHallIso } from '../domain/time'
import { subscriptionsFor } from '../domain/topics'

export interface MqttOptions {
  url: string
  clientId: string
  topicRoot: string
  hallId: string
  appVersion: string
  protocolVersion: 4 | 5
  username?: string
  password?: string
  caFile?: string
  certFile?: string
  keyFile?: string
  /** Verify the broker's TLS certificate (default true). */
  rejectUnauthorized?: boolean
  /** Whether the broker should still hold a session for us (we have received before). */
  expectSession?: () => boolean
  /** Topics outside `{root}/#` to subscribe to as well (the Frigate adapter's). */
  extraSubscriptions?: readonly string[]
}

export interface ConnectionStatus {
  state: BrokerState
  connectedAt: string | null
  lastError: string | null
  reconnects: number
  sessionLostAt: string | null
  nextReconnectInMs: number | null
}

export interface MqttLink {
  status(): ConnectionStatus
  /** Commits the open ingest batch now (before other writes that must not join it). */
  flush(): void
  /**
   * Publishes at QoS 1; resolves on the broker's PUBACK. While the broker is unreachable MQTT.js
   * keeps the message in its outgoing store and sends it, in order, once connected again.
   */
  publish(topic: string, payload: string, opts?: { retain?: boolean }): Promise<void>
  stop(): Promise<void>
}

/** Reconnect backoff: exponential from 500 ms, capped at 30 s, with jitter (50–100 %). */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(30_000, 500 * 2 ** Math.min(attempt, 16))
  return Math.round(ceiling * (0.5 + random() / 2))
}

const STORE_FAILURE_PAUSE_MS = 500
/** At most this many messages per transaction (bounded by the broker's in-flight window anyway). */
const MAX_BATCH = 1000

/** Session expiry for MQTT 5: a week, well above the contract's 24 h minimum. */
const SESSION_EXPIRY_S = 7 * 24 * 3600

/** Redacts credentials from a broker URL for display. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString().replace(/\/$/, '')
  } catch {
    return url
  }
}

/**
 * Where messages go: `add` writes one into the open batch (throws if it cannot be stored),
 * `commit` makes the batch durable. Group commit: many messages, one transaction.
 */
export interface MessageSink {
  add(topic: string, payload: Buffer): void
  commit(): void
  pending(): number
}

interface HeldAck {
  committed: boolean
  packet?: Packet
  generation: number
}

export function connectMqtt(opts: MqttOptions, sink: MessageSink, onStatus: (s: ConnectionStatus) => void): MqttLink {
  const status: ConnectionStatus = {
    state: 'connecting',
    connectedAt: null,
    lastError: null,
    reconnects: 0,
    sessionLostAt: null,
    nextReconnectInMs: null,
  }
  const set = (patch: Partial<ConnectionStatus>) => {
    Object.assign(status, patch)
    onStatus({ ...status })
  }
  const statusTopic = `${opts.topicRoot}/halls/${opts.hallId}/status`
  const presence = (online: boolean) =>
    JSON.stringify({ online, at: toHallIso(Date.now()), appVersion: opts.appVersion })

  const options: IClientOptions = {
    clientId: opts.clientId,
    // MQTT.js logs each packet through `debug`, which gathers its arguments into an array even
    // when the namespace is off; a no-op logger unless DEBUG asks for mqttjs.
    log: /mqttjs/.test(process.env.DEBUG ?? '') ? undefined : () => {},
    clean: false,
    protocolVersion: opts.protocolVersion,
    keepalive: 30,
    // Reconnects are scheduled here, with backoff and jitter, not MQTT.js's fixed period.
    reconnectPeriod: 0,
    connectTimeout: 10_000,
    username: opts.username,
    password: opts.password,
    rejectUnauthorized: opts.rejectUnauthorized ?? true,
    ca: opts.caFile ? readFileSync(opts.caFile) : undefined,
    cert: opts.certFile ? readFileSync(opts.certFile) : undefined,
    key: opts.keyFile ? readFileSync(opts.keyFile) : undefined,
    properties:
      opts.protocolVersion === 5 ? { sessionExpiryInterval: SESSION_EXPIRY_S, receiveMaximum: 1024 } : undefined,
    will: { topic: statusTopic, payload: Buffer.from(presence(false)), qos: 1, retain: true },
  }

  const client: MqttClient = mqtt.connect(opts.url, options)
  let storeFailurePending = false
  // Persist before acknowledge, with group commit. MQTT.js sends a message's PUBACK when
  // handleMessage calls back and reads the next packet only then, so calling back after each
  // commit would mean one transaction per message (≈0.4× the raw rate). Instead the message is
  // written into the open transaction, handleMessage calls back at once, and the PUBACK that
  // MQTT.js then sends is held back (see the _sendPacket wrapper) until the transaction commits —
  // at the end of the current burst (setImmediate) or after MAX_BATCH messages. A crash before the
  // commit loses no acknowledged message: none of that batch was acknowledged. This relies on
  // MQTT.js internals (_sendPacket), hence the exact version pin of mqtt in package.json; the
  // integration and kill tests guard it.
  let generation = 0
  const held = new Map<number, HeldAck>()
  const internals = client as unknown as {
    _sendPacket: (packet: Packet, cb?: (err?: Error) => void, cbStorePut?: () => void, noStore?: boolean) => void
  }
  const sendPacket = internals._sendPacket.bind(client)
  internals._sendPacket = (packet, cb, cbStorePut, noStore) => {
    const id = (packet as { messageId?: number }).messageId
    const h = packet.cmd === 'puback' && id !== undefined ? held.get(id) : undefined
    if (h && !h.committed) {
      h.packet = packet
      cb?.() // let MQTT.js read the next packet; the PUBACK itself waits for the commit
      return
    }
    if (h) held.delete(id!)
    sendPacket(packet, cb, cbStorePut, noStore)
  }

  let commitScheduled = false
  const scheduleCommit = () => {
    if (sink.pending() >= MAX_BATCH) return commitNow()
    if (!commitScheduled) {
      commitScheduled = true
      setImmediate(commitNow)
    }
  }
  function commitNow() {
    commitScheduled = false
    try {
      sink.commit()
    } catch (e) {
      storeFailed(e as Error)
      return
    }
    for (const [id, h] of held) {
      if (h.packet) {
        held.delete(id)
        // An acknowledgement for an earlier connection is dropped: the broker redelivers that
        // message on the resumed session and the store counts it as a duplicate.
        if (h.generation === generation && client.connected) sendPacket(h.packet)
      } else h.committed = true
    }
  }
  function storeFailed(e: Error) {
    // Nothing of the failed batch is acknowledged. The broker redelivers unacknowledged QoS 1
    // messages only when the session resumes, so drop the connection (after a pause, in case the
    // store stays broken) and let the reconnect bring them back.
    held.clear()
    set({ lastError: `store failed, message not acknowledged: ${e.message}` })
    if (!storeFailurePending) {
      storeFailurePending = true
      setTimeout(() => {
        storeFailurePending = false
        client.stream?.destroy()
      }, STORE_FAILURE_PAUSE_MS)
    }
  }

  client.handleMessage = (packet, callback) => {
    try {
      sink.add(packet.topic, packet.payload as Buffer)
    } catch (e) {
      storeFailed(e as Error)
      callback(e as Error)
      return
    }
    if (packet.qos > 0 && packet.messageId !== undefined) {
      held.set(packet.messageId, { committed: false, generation })
    }
    callback()
    scheduleCommit()
  }
  client.on('close', () => {
    generation++
    held.clear()
  })

  let everConnected = false
  let stopping = false
  let attempt = 0
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null
  function scheduleReconnect() {
    if (stopping || reconnectTimer) return
    const delay = reconnectDelayMs(attempt++)
    set({
      state: status.state === 'connected' || everConnected ? 'reconnecting' : 'connecting',
      nextReconnectInMs: delay,
    })
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null
      set({ reconnects: status.reconnects + 1, nextReconnectInMs: null })
      // The private _reconnect is what MQTT.js's own timer calls; the public reconnect() would
      // replace the outgoing store and drop the commands waiting in it.
      ;(client as unknown as { _reconnect(): void })._reconnect()
    }, delay)
  }

  client.on('connect', (connack) => {
    if (stopping) return // a connect that completes while stop() is ending the client
    attempt = 0
    // The broker kept no session although it should have: what was published while we were
    // away may be missing. Say so (health, UI) and subscribe again.
    const expected = everConnected || (opts.expectSession?.() ?? false)
    if (!connack.sessionPresent && expected) set({ sessionLostAt: toHallIso(Date.now()) })
    everConnected = true
    // Subscribing again is harmless when the session was kept and required when it was not.
    // The link counts as connected only once the broker has confirmed the subscriptions.
    client.subscribe(subscriptionsFor(opts.topicRoot, opts.extraSubscriptions), { qos: 1 }, (err, granted) => {
      const refused = granted?.filter((g) => g.qos === 128) ?? []
      if (err || refused.length) {
        set({ lastError: `subscribe failed: ${err?.message ?? refused.map((g) => g.topic).join(', ')}` })
        return
      }
      set({ state: 'connected', connectedAt: toHallIso(Date.now()), lastError: null })
    })
    client.publish(statusTopic, presence(true), { qos: 1, retain: true })
  })
  client.on('close', () => {
    if (stopping) return
    if (status.state === 'connected') set({ state: 'reconnecting' })
    scheduleReconnect()
  })
  client.on('error', (e) => set({ lastError: e.message }))

  return {
    status: () => ({ ...status }),
    flush() {
      if (sink.pending()) commitNow()
    },
    publish(topic, payload, publishOpts) {
      return new Promise<void>((resolve, reject) =>
        client.publish(topic, payload, { qos: 1, retain: publishOpts?.retain ?? false }, (err) =>
          err ? reject(err) : resolve(),
        ),
      )
    },
    async stop() {
      stopping = true
      if (reconnectTimer) clearTimeout(reconnectTimer)
      if (sink.pending()) commitNow()
      if (client.connected) {
        await new Promise<void>((resolve) =>
          client.publish(statusTopic, presence(false), { qos: 1, retain: true }, () => resolve()),
        )
      }
      // Not connected, a graceful end would wait for the in-flight publishes forever (the app
      // could not close while the broker is down). Commands are safe in the durable outbox and
      // are published again at the next start, so end at once then — and at most after 2 s.
      if (client.connected) {
        const graceful = client.endAsync()
        const late = await Promise.race([
          graceful.then(() => false),
          new Promise<boolean>((r) => setTimeout(() => r(true), 2000).unref()),
        ])
        if (late) await client.endAsync(true)
      } else await client.endAsync(true)
      set({ state: 'stopped' })
    },
  }
}
