/**
 * Which of the desktop app's command-line options go to the engine host. The main process's
 * argv also carries Chromium/Electron switches (and Playwright adds `--inspect`,
 * `--remote-debugging-port`) while the host parses its argv strictly, so only the host's own
 * flags are forwarded; every host option can also be set through its `ZS_*` environment variable,
 * which the engine child inherits. Pure, no `electron` import, so it is unit-tested directly.
 */
import { HOST_FLAGS } from '../contract/host-flags'

const FLAGS = Object.entries(HOST_FLAGS)
/** The host's flags that take a value. */
const VALUE_FLAGS = new Set(FLAGS.filter(([, f]) => f.type === 'string').map(([name]) => name))
/** The host's on/off flags. */
const SWITCHES = new Set(FLAGS.filter(([, f]) => f.type === 'boolean').map(([name]) => name))
/** Decided by the shell itself: the windows need the engine on loopback and the bundled UI. */
const SHELL_OWNED = new Set(['host', 'renderer-dir', 'port', 'token', 'data-dir'])

export interface EngineOptions {
  /** Host flags in the order given (`value` null for a switch); repeatable flags may recur. */
  readonly forwarded: readonly (readonly [name: string, value: string | null])[]
}

/** The last value given for a flag, if any. */
export function optionValue(options: EngineOptions, name: string): string | undefined {
  const found = options.forwarded.findLast(([flag, value]) => flag === name && value !== null)
  return found?.[1] ?? undefined
}

/** Picks the host's flags out of an argv tail (`--name value`, `--name=value`, `--switch`). */
export function parseEngineOptions(argv: readonly string[]): EngineOptions {
  const forwarded: [string, string | null][] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (!arg.startsWith('--') || arg === '--') continue
    const eq = arg.indexOf('=')
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq)
    if (SWITCHES.has(name) && eq === -1) {
      forwarded.push([name, null])
    } else if (VALUE_FLAGS.has(name)) {
      if (eq !== -1) forwarded.push([name, arg.slice(eq + 1)])
      else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) forwarded.push([name, argv[++i]])
    }
  }
  return { forwarded }
}

export interface EngineLaunch {
  token: string
  port: number
  dataDir: string
  rendererDir: string
}

/**
 * The host's argv for one launch. The desktop app always binds the engine to loopback (its
 * windows connect there; serving other screens on the LAN is the browser host's job), and the
 * shell's own token, port, data dir and renderer dir replace anything forwarded.
 */
export function engineArguments(options: EngineOptions, launch: EngineLaunch): string[] {
  const args: string[] = []
  for (const [name, value] of options.forwarded) {
    if (SHELL_OWNED.has(name)) continue
    args.push(`--${name}`)
    if (value !== null) args.push(value)
  }
  args.push('--host', '127.0.0.1', '--port', String(launch.port), '--token', launch.token)
  args.push('--data-dir', launch.dataDir, '--renderer-dir', launch.rendererDir)
  return args
}
