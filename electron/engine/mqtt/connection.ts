/**
 * The hall's MQTT link: a persistent session with a stable client id, QoS 1 subscriptions, and
 * the acknowledgement of each message only after the ingest callback has committed it
 * (MQTT.js sends PUBACK when `handleMessage` calls back).
 */
import { readFileSync } from 'node:fs'
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt'
import type { BrokerState } from '../../contract'
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
}

export interface ConnectionStatus {
  state: BrokerState
  connectedAt: string | null
  lastError: string | null
  reconnects: number
}

export interface MqttLink {
  status(): ConnectionStatus
  stop(): Promise<void>
}

const STORE_FAILURE_PAUSE_MS = 500

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

export function connectMqtt(
  opts: MqttOptions,
  onMessage: (topic: string, payload: Buffer) => void,
  onStatus: (s: ConnectionStatus) => void,
): MqttLink {
  const status: ConnectionStatus = { state: 'connecting', connectedAt: null, lastError: null, reconnects: 0 }
  const set = (patch: Partial<ConnectionStatus>) => {
    Object.assign(status, patch)
    onStatus({ ...status })
  }
  const statusTopic = `${opts.topicRoot}/halls/${opts.hallId}/status`
  const presence = (online: boolean) =>
    JSON.stringify({ online, at: new Date().toISOString(), appVersion: opts.appVersion })

  const options: IClientOptions = {
    clientId: opts.clientId,
    clean: false,
    protocolVersion: opts.protocolVersion,
    keepalive: 30,
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
    username: opts.username,
    password: opts.password,
    rejectUnauthorized: opts.rejectUnauthorized ?? true,
    ca: opts.caFile ? readFileSync(opts.caFile) : undefined,
    cert: opts.certFile ? readFileSync(opts.certFile) : undefined,
    key: opts.keyFile ? readFileSync(opts.keyFile) : undefined,
    properties:
      opts.protocolVersion === 5 ? { sessionExpiryInterval: SESSION_EXPIRY_S, receiveMaximum: 256 } : undefined,
    will: { topic: statusTopic, payload: Buffer.from(presence(false)), qos: 1, retain: true },
  }

  const client: MqttClient = mqtt.connect(opts.url, options)
  let storeFailurePending = false
  // Persist before acknowledge: MQTT.js sends the PUBACK when handleMessage calls back, and
  // reads the next packet only then. Set before the first packet can arrive (connect is async).
  client.handleMessage = (packet, callback) => {
    try {
      onMessage(packet.topic, packet.payload as Buffer)
      callback()
    } catch (e) {
      // Not acknowledged. The broker redelivers unacknowledged QoS 1 messages only when the
      // session resumes, so drop the connection (after a pause, in case the store stays broken)
      // and let the reconnect bring the message back.
      set({ lastError: `store failed, message not acknowledged: ${(e as Error).message}` })
      callback(e as Error)
      if (!storeFailurePending) {
        storeFailurePending = true
        setTimeout(() => {
          storeFailurePending = false
          client.stream?.destroy()
        }, STORE_FAILURE_PAUSE_MS)
      }
    }
  }
  client.on('connect', () => {
    set({ state: 'connected', connectedAt: new Date().toISOString(), lastError: null })
    // Subscribing again is harmless when the session was kept and required when it was not.
    client.subscribe(subscriptionsFor(opts.topicRoot), { qos: 1 }, (err) => {
      if (err) set({ lastError: `subscribe failed: ${err.message}` })
    })
    client.publish(statusTopic, presence(true), { qos: 1, retain: true })
  })
  client.on('reconnect', () => set({ state: 'reconnecting', reconnects: status.reconnects + 1 }))
  client.on('close', () => status.state === 'connected' && set({ state: 'reconnecting' }))
  client.on('offline', () => set({ state: 'offline' }))
  client.on('error', (e) => set({ lastError: e.message }))

  return {
    status: () => ({ ...status }),
    async stop() {
      if (client.connected) {
        await new Promise<void>((resolve) =>
          client.publish(statusTopic, presence(false), { qos: 1, retain: true }, () => resolve()),
        )
      }
      await client.endAsync()
      set({ state: 'stopped' })
    },
  }
}
