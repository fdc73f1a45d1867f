/**
 * The host's command line and environment. Every option has an environment variable so that the
 * desktop shell, services and CI can configure it without a command line.
 */
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'

export interface HostOptions {
  brokerUrl?: string
  username?: string
  password?: string
  caFile?: string
  certFile?: string
  keyFile?: string
  insecureTls: boolean
  mqttVersion: 4 | 5
  topicRoot: string
  hallId?: string
  dataDir: string
  host: string
  port: number
  token: string
  tokenGenerated: boolean
  readOnlyTokens: string[]
  rendererDir?: string
  simRate: number
  simSeed?: number
  embeddedBrokerPort: number
}

/** name → [env var, description]; the README's option table is generated from the same list. */
export const OPTION_DOCS = {
  broker: [
    'ZS_BROKER_URL',
    'MQTT broker URL (mqtt://, mqtts://, ws://, wss://). Absent: embedded broker + demo simulator',
  ],
  username: ['ZS_MQTT_USERNAME', 'MQTT username'],
  password: ['ZS_MQTT_PASSWORD', 'MQTT password'],
  ca: ['ZS_MQTT_CA', 'CA certificate file (PEM) for mqtts://'],
  cert: ['ZS_MQTT_CERT', 'client certificate file (PEM)'],
  key: ['ZS_MQTT_KEY', 'client private key file (PEM)'],
  'insecure-tls': ['ZS_MQTT_INSECURE_TLS', 'do not verify the broker certificate (testing only)'],
  'mqtt-version': ['ZS_MQTT_VERSION', 'MQTT protocol version, 5 (default) or 4 (3.1.1)'],
  'topic-root': ['ZS_TOPIC_ROOT', 'topic prefix {root} (default zs)'],
  'hall-id': ['ZS_HALL_ID', 'this hall client id (default derived from the host name)'],
  'data-dir': ['ZS_DATA_DIR', 'where the SQLite database lives (default ./.data)'],
  host: ['ZS_HOST', 'HTTP/WebSocket bind address (default 127.0.0.1; set a LAN address only deliberately)'],
  port: ['ZS_PORT', 'HTTP/WebSocket port (default 7345; 0 = any free port)'],
  token: ['ZS_TOKEN', 'the secret every API call needs (default: random per launch, printed)'],
  'read-only-token': ['ZS_READ_ONLY_TOKEN', 'an extra token with the read scope only (wall screens); repeatable'],
  'renderer-dir': ['ZS_RENDERER_DIR', 'the built UI to serve (default out/renderer)'],
  'sim-rate': ['ZS_SIM_RATE', 'demo simulator: new events per second (default 0.5)'],
  'sim-seed': ['ZS_SIM_SEED', 'demo simulator: random seed (default: time-based)'],
  'embedded-broker-port': ['ZS_EMBEDDED_BROKER_PORT', 'port of the embedded demo broker (default 0 = any free port)'],
} as const

export function parseHostOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): HostOptions {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: false,
    strict: true,
    options: {
      broker: { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
      ca: { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
      'insecure-tls': { type: 'boolean' },
      'mqtt-version': { type: 'string' },
      'topic-root': { type: 'string' },
      'hall-id': { type: 'string' },
      'data-dir': { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      token: { type: 'string' },
      'read-only-token': { type: 'string', multiple: true },
      'renderer-dir': { type: 'string' },
      'sim-rate': { type: 'string' },
      'sim-seed': { type: 'string' },
      'embedded-broker-port': { type: 'string' },
    },
  })
  const pick = (name: keyof typeof OPTION_DOCS): string | undefined => {
    const v = values[name as keyof typeof values]
    if (typeof v === 'string' && v !== '') return v
    const e = env[OPTION_DOCS[name][0]]
    return e !== undefined && e !== '' ? e : undefined
  }
  const int = (name: keyof typeof OPTION_DOCS, fallback: number, min = 0, max = 65535) => {
    const raw = pick(name)
    if (raw === undefined) return fallback
    const n = Number(raw)
    if (!Number.isInteger(n) || n < min || n > max)
      throw new Error(`--${name} must be an integer ${min}–${max}, got "${raw}"`)
    return n
  }
  const mqttVersion = int('mqtt-version', 5, 3, 5)
  if (mqttVersion !== 4 && mqttVersion !== 5) throw new Error('--mqtt-version must be 4 or 5')
  const simRate = Number(pick('sim-rate') ?? 0.5)
  if (!Number.isFinite(simRate) || simRate < 0) throw new Error('--sim-rate must be a number ≥ 0')
  const givenToken = pick('token')
  const readOnly = [...((values['read-only-token'] as string[] | undefined) ?? [])]
  if (env.ZS_READ_ONLY_TOKEN) readOnly.push(env.ZS_READ_ONLY_TOKEN)
  const seed = pick('sim-seed')
  return {
    brokerUrl: pick('broker'),
    username: pick('username'),
    password: pick('password'),
    caFile: pick('ca'),
    certFile: pick('cert'),
    keyFile: pick('key'),
    insecureTls: values['insecure-tls'] === true || env.ZS_MQTT_INSECURE_TLS === '1',
    mqttVersion,
    topicRoot: pick('topic-root') ?? 'zs',
    hallId: pick('hall-id'),
    dataDir: pick('data-dir') ?? '.data',
    host: pick('host') ?? '127.0.0.1',
    port: int('port', 7345),
    token: givenToken ?? randomBytes(18).toString('base64url'),
    tokenGenerated: givenToken === undefined,
    readOnlyTokens: readOnly,
    rendererDir: pick('renderer-dir'),
    simRate,
    simSeed: seed !== undefined ? Number(seed) : undefined,
    embeddedBrokerPort: int('embedded-broker-port', 0),
  }
}
