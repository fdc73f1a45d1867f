/**
 * `npm run simulate -- --broker URL --rate N`: the county platform simulator on its own
 * (built to out/main/simulate.js). Runs until SIGINT/SIGTERM or `--duration` seconds.
 * Importing this module has no side effects; it only runs when it is the process entry.
 */
import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createSimulator, type SimulatorOptions } from './simulator'

export const USAGE = `Usage: simulate --broker URL [options]

Plays the county platform for the demo: publishes the retained registry of 昔阳县 on {root}/registry,
a backlog of the last day's events, then new events on {root}/events/{source} and new versions of
open events, as mqtt-contract.md specifies.

  --broker URL          MQTT broker (mqtt://, mqtts://, ws://, wss://)   env ZS_BROKER_URL (required)
  --rate N              new events per second (default 0.5)              env ZS_SIM_RATE
  --progress-rate N     lifecycle steps per second (default 4 × rate)
  --backlog N           events of the last 24 h published at start (default 40)
  --topic-root ROOT     topic prefix (default zs)                        env ZS_TOPIC_ROOT
  --seed N              random seed (default: time-based, printed)       env ZS_SIM_SEED
  --username NAME       MQTT username                                    env ZS_MQTT_USERNAME
  --password SECRET     MQTT password                                    env ZS_MQTT_PASSWORD
  --mqtt-version 4|5    MQTT 3.1.1 or 5 (default 4)                      env ZS_MQTT_VERSION
  --hall-grace SECONDS  the platform plays a hall for events nobody acts on after this wait (default 180; 0 at once)
  --time-scale N        the units' compressed clock: simulated seconds per real second (default 60)
  --duration SECONDS    stop after this long (default: until Ctrl+C / SIGTERM)
  --help                this text`

export interface CliOptions {
  simulator: SimulatorOptions
  /** Seconds; undefined = run until a signal. */
  durationSeconds?: number
  help: boolean
}

/** Thrown for a bad command line; `main` prints it with the usage and exits 2. */
export class UsageError extends Error {}

function number(
  name: string,
  raw: string | undefined,
  check: (n: number) => boolean,
  rule: string,
): number | undefined {
  if (raw === undefined || raw === '') return undefined
  const n = Number(raw)
  if (!Number.isFinite(n) || !check(n)) throw new UsageError(`--${name} must be ${rule}, got "${raw}"`)
  return n
}

/** Command line + environment → options. Pure (no I/O), so it is unit-tested directly. */
export function parseCliArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): CliOptions {
  let values
  try {
    ;({ values } = parseArgs({
      args: [...argv],
      allowPositionals: false,
      strict: true,
      options: {
        broker: { type: 'string' },
        rate: { type: 'string' },
        'progress-rate': { type: 'string' },
        backlog: { type: 'string' },
        'topic-root': { type: 'string' },
        seed: { type: 'string' },
        username: { type: 'string' },
        password: { type: 'string' },
        'mqtt-version': { type: 'string' },
        duration: { type: 'string' },
        'hall-grace': { type: 'string' },
        'time-scale': { type: 'string' },
        help: { type: 'boolean' },
      },
    }))
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
  const orEnv = (value: string | undefined, name: string): string | undefined => {
    if (value !== undefined && value !== '') return value
    const fromEnv = env[name]
    return fromEnv !== undefined && fromEnv !== '' ? fromEnv : undefined
  }
  const help = values.help === true
  const brokerUrl = orEnv(values.broker, 'ZS_BROKER_URL')
  if (!brokerUrl && !help) throw new UsageError('--broker URL (or ZS_BROKER_URL) is required')

  const version = number(
    'mqtt-version',
    orEnv(values['mqtt-version'], 'ZS_MQTT_VERSION'),
    (n) => n === 4 || n === 5,
    '4 or 5',
  )
  const simulator: SimulatorOptions = {
    brokerUrl: brokerUrl ?? '',
    topicRoot: orEnv(values['topic-root'], 'ZS_TOPIC_ROOT') ?? 'zs',
    rate: number('rate', orEnv(values.rate, 'ZS_SIM_RATE'), (n) => n >= 0, 'a number ≥ 0') ?? 0.5,
    progressRate: number('progress-rate', values['progress-rate'], (n) => n >= 0, 'a number ≥ 0'),
    initialBacklog: number('backlog', values.backlog, (n) => Number.isInteger(n) && n >= 0, 'an integer ≥ 0'),
    seed: number(
      'seed',
      orEnv(values.seed, 'ZS_SIM_SEED'),
      (n) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff,
      'an integer 0–4294967295',
    ),
    username: orEnv(values.username, 'ZS_MQTT_USERNAME'),
    password: orEnv(values.password, 'ZS_MQTT_PASSWORD'),
    protocolVersion: version === 5 ? 5 : 4,
  }
  const grace = number('hall-grace', values['hall-grace'], (n) => n >= 0, 'a number of seconds ≥ 0')
  if (grace !== undefined) simulator.hallGraceMs = grace * 1000
  const timeScale = number('time-scale', values['time-scale'], (n) => n >= 1, 'a number ≥ 1')
  if (timeScale !== undefined) simulator.unitSteps = { timeScale }
  const durationSeconds = number('duration', values.duration, (n) => n > 0, 'a number of seconds > 0')
  return { simulator, durationSeconds, help }
}

function timestamp(): string {
  return new Date().toISOString().slice(11, 19)
}

/** Runs the simulator until a signal or the duration; resolves with the process exit code. */
export async function main(
  argv: readonly string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  let cli: CliOptions
  try {
    cli = parseCliArgs(argv, env)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    process.stderr.write(`simulate: ${error.message}\n\n${USAGE}\n`)
    return 2
  }
  if (cli.help) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  const log = (message: string): void => {
    process.stdout.write(`[simulate ${timestamp()}] ${message}\n`)
  }
  const simulator = createSimulator({ ...cli.simulator, log })

  let finish: (code: number) => void = () => {}
  const finished = new Promise<number>((resolve) => {
    finish = resolve
  })
  let stopping = false
  const stop = (reason: string, code = 0): void => {
    if (stopping) return
    stopping = true
    log(`stopping (${reason})`)
    simulator
      .stop()
      .then(() => finish(code))
      .catch((error: unknown) => {
        log(`stop failed: ${error instanceof Error ? error.message : String(error)}`)
        finish(1)
      })
  }
  const onSignal = (signal: NodeJS.Signals): void => stop(signal)
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)

  let status: ReturnType<typeof setInterval> | undefined
  let deadline: ReturnType<typeof setTimeout> | undefined
  try {
    await simulator.start()
    if (!stopping) {
      status = setInterval(() => {
        const s = simulator.stats()
        log(
          `${s.connected ? 'connected' : 'DISCONNECTED'} · ${s.published} events · ${s.versions} versions · ${s.open} open`,
        )
      }, 10_000)
      if (cli.durationSeconds !== undefined)
        deadline = setTimeout(() => stop(`${cli.durationSeconds} s elapsed`), cli.durationSeconds * 1000)
    }
  } catch (error) {
    log(`could not start: ${error instanceof Error ? error.message : String(error)}`)
    stop('start failed', 1)
  }
  const code = await finished
  if (status) clearInterval(status)
  if (deadline) clearTimeout(deadline)
  process.off('SIGINT', onSignal)
  process.off('SIGTERM', onSignal)
  const s = simulator.stats()
  log(`stopped: ${s.published} events, ${s.versions} versions published`)
  return code
}

/** True when this file is what `node` was started with (not when imported by a test or a host). */
function isEntry(): boolean {
  const entry = process.argv[1]
  if (!entry) return false
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url))
  } catch {
    return false
  }
}

if (isEntry()) {
  main().then(
    (code) => {
      // Let stdout drain and exit naturally; force it only if some handle lingers.
      process.exitCode = code
      setTimeout(() => process.exit(code), 3_000).unref()
    },
    (error: unknown) => {
      process.stderr.write(`simulate: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
      process.exit(1)
    },
  )
}
