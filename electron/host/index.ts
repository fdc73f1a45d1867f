/**
 * The plain-Node host: command line / environment → engine + HTTP server. Used three ways:
 * `npm run serve` (browser mode), the tests, and as the Electron app's utilityProcess child.
 * With no broker configured it starts an embedded broker and the demo county simulator.
 *
 * Ready signal: one stdout line `ZHONGSHU_READY {json}` and, under utilityProcess, a
 * `{ type: 'ready', … }` message on process.parentPort.
 */
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { version as appVersion } from '../../package.json'
import { createEngine } from '../engine'
import { createSimulator } from '../sim/simulator'
import { startEmbeddedBroker } from './embedded-broker'
import { parseHostOptions } from './options'
import { loadFrigateConfig, type FrigateConfig } from '../engine/domain/frigate-config'

interface ParentPort {
  postMessage(message: unknown): void
  on(event: 'message', listener: (e: { data: unknown }) => void): void
}
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort

const log = (msg: string) => process.stderr.write(`[zhongshu] ${msg}\n`)

async function main() {
  let opts
  let frigate: FrigateConfig | undefined
  try {
    opts = parseHostOptions(process.argv.slice(2))
    frigate = opts.frigateConfigPath ? loadFrigateConfig(opts.frigateConfigPath) : undefined
  } catch (e) {
    log(`error: ${(e as Error).message}`)
    process.exit(2)
  }
  const here = dirname(fileURLToPath(import.meta.url))
  const rendererDir = resolve(opts.rendererDir ?? join(here, '../renderer'))

  const demoMode = !opts.brokerUrl
  const embedded = demoMode ? await startEmbeddedBroker(opts.embeddedBrokerPort) : null
  const brokerUrl = opts.brokerUrl ?? embedded!.url
  if (embedded) log(`no broker configured: embedded demo broker at ${embedded.url}`)

  const engine = await createEngine({
    broker: {
      url: brokerUrl,
      username: opts.username,
      password: opts.password,
      caFile: opts.caFile,
      certFile: opts.certFile,
      keyFile: opts.keyFile,
      rejectUnauthorized: !opts.insecureTls,
      protocolVersion: embedded ? 4 : opts.mqttVersion,
      embedded: !!embedded,
    },
    topicRoot: opts.topicRoot,
    hallId: opts.hallId,
    dataDir: resolve(opts.dataDir),
    server: {
      host: opts.host,
      port: opts.port,
      token: opts.token,
      readOnlyTokens: opts.readOnlyTokens,
      rendererDir,
    },
    demoMode,
    appVersion,
    log,
    zeroReportDeadline: opts.zeroReportDeadline,
    frigate,
    auth: { bootstrapAdmin: opts.bootstrapAdmin, lockAfterMinutes: opts.lockAfterMinutes },
    dutyLog: {
      publishHandovers: opts.publishHandovers,
      backup: { ...opts.backup, dir: opts.backup.dir && resolve(opts.backup.dir) },
    },
  })
  if (frigate)
    log(
      `Frigate adapter on: ${frigate.topicPrefix}/${frigate.source}, ${Object.keys(frigate.cameras).length} camera(s)`,
    )

  const simulator = demoMode
    ? createSimulator({
        brokerUrl,
        topicRoot: opts.topicRoot,
        rate: opts.simRate,
        seed: opts.simSeed,
        protocolVersion: 4,
        log,
      })
    : null
  if (simulator) {
    await engine.waitForBroker().catch((e) => log(`warning: ${(e as Error).message}`))
    await simulator.start()
    log(`demo simulator running (${opts.simRate} new events/s) — the UI shows 演示模式`)
  }

  let stopping = false
  async function shutdown(code = 0) {
    if (stopping) return
    stopping = true
    log('shutting down')
    await simulator?.stop().catch(() => {})
    await engine.stop().catch((e) => log(`stop: ${(e as Error).message}`))
    await embedded?.stop().catch(() => {})
    process.exit(code)
  }
  process.on('SIGINT', () => void shutdown(0))
  process.on('SIGTERM', () => void shutdown(0))
  parentPort?.on('message', (e) => {
    if ((e.data as { type?: string } | null)?.type === 'shutdown') void shutdown(0)
  })

  const ready = { url: engine.url!, port: engine.port!, token: opts.token, demoMode, hallId: engine.hallId }
  process.stdout.write(`ZHONGSHU_READY ${JSON.stringify(ready)}\n`)
  parentPort?.postMessage({ type: 'ready', ...ready })
  const shown = opts.host === '0.0.0.0' ? engine.url!.replace('0.0.0.0', '127.0.0.1') : engine.url!
  log(`workstation: ${shown}/?token=${encodeURIComponent(opts.token)}`)
  log(`video wall:  ${shown}/?token=${encodeURIComponent(opts.token)}#/wall`)
}

main().catch((e) => {
  log(`fatal: ${(e as Error).stack ?? e}`)
  process.exit(1)
})
