/**
 * The host's command line and environment. Every option has an environment variable so that the
 * desktop shell, services and CI can configure it without a command line.
 */
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { DEFAULT_ZERO_REPORT_DEADLINE, HH_MM } from '../contract/alerts'
import { HOST_FLAGS, type HostFlagName } from '../contract/host-flags'

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
  /** Daily zero-report deadline 'HH:MM', Asia/Shanghai. */
  zeroReportDeadline: string
  /** The Frigate adapter's mapping file (read and validated by the host at start). */
  frigateConfigPath?: string
  bootstrapAdmin?: { username: string; password: string }
  lockAfterMinutes: number
  /** Scheduled online backups (minutes, 0 = off), how many kept, where (default {dataDir}/backups). */
  backup: { intervalMinutes: number; keep: number; dir?: string }
  publishHandovers: boolean
}

export function parseHostOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): HostOptions {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: false,
    strict: true,
    options: Object.fromEntries(
      Object.entries(HOST_FLAGS).map(([name, f]) => [name, { type: f.type, multiple: 'multiple' in f }]),
    ),
  })
  const pick = (name: HostFlagName): string | undefined => {
    const v = values[name as keyof typeof values]
    if (typeof v === 'string' && v !== '') return v
    const e = env[HOST_FLAGS[name].env]
    return e !== undefined && e !== '' ? e : undefined
  }
  const int = (name: HostFlagName, fallback: number, min = 0, max = 65535) => {
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
  const zeroReportDeadline = pick('zero-report-deadline') ?? DEFAULT_ZERO_REPORT_DEADLINE
  if (!HH_MM.test(zeroReportDeadline))
    throw new Error(`--zero-report-deadline must be HH:MM (00:00–23:59), got "${zeroReportDeadline}"`)
  const publishHandovers = pick('publish-handovers') ?? 'on'
  if (!['on', 'off'].includes(publishHandovers))
    throw new Error(`--publish-handovers must be on or off, got "${publishHandovers}"`)
  const bootstrap = pick('bootstrap-admin')
  const colon = bootstrap?.indexOf(':') ?? -1
  if (bootstrap !== undefined && (colon < 1 || colon === bootstrap.length - 1))
    throw new Error('--bootstrap-admin must be USER:PASSWORD')
  return {
    bootstrapAdmin: bootstrap
      ? { username: bootstrap.slice(0, colon), password: bootstrap.slice(colon + 1) }
      : undefined,
    lockAfterMinutes: int('lock-after-minutes', 15, 0, 24 * 60),
    backup: {
      intervalMinutes: int('backup-interval-minutes', 360, 0, 7 * 24 * 60),
      keep: int('backup-keep', 8, 1, 1000),
      dir: pick('backup-dir'),
    },
    publishHandovers: publishHandovers === 'on',
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
    zeroReportDeadline,
    frigateConfigPath: pick('frigate-config'),
  }
}
