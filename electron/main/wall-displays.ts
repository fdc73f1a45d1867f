/**
 * The desktop wall: which displays are wall displays, one kiosk window per chosen display, and the
 * rules that keep them up (daily reload, memory ceiling, keys that must not leave the kiosk).
 * Pure, no `electron` import, so it is unit-tested directly; wall-windows.ts applies it.
 *
 * Shell options (not forwarded to the engine host), each also an environment variable:
 *
 * | option                      | environment              | meaning                                                         |
 * | --------------------------- | ------------------------ | --------------------------------------------------------------- |
 * | `--wall-displays SPEC`      | `ZS_WALL_DISPLAYS`       | `none` (default), `all`, `primary`, `secondary` (all but the primary), or a comma list of display ids or 1-based positions (`#2`, left to right) |
 * | `--wall-only`               | `ZS_WALL_ONLY=1`         | no workstation window (a wall PC)                               |
 * | `--wall-route ROUTE`        | `ZS_WALL_ROUTE`          | the wall page, default `#/wall/play` (the rotation)             |
 * | `--wall-reload-at HH:MM`    | `ZS_WALL_RELOAD_AT`      | reload the wall pages daily at this hall time; `off`; default 04:30 |
 * | `--wall-memory-limit-mb N`  | `ZS_WALL_MEMORY_LIMIT_MB`| reload a wall page whose renderer uses more; 0 = off; default 1536 |
 */
import { HH_MM_TIME, hallMinuteOfDay } from '../contract/wall'

export type WallDisplaySpec =
  | { kind: 'none' }
  | { kind: 'all' }
  | { kind: 'primary' }
  | { kind: 'secondary' }
  | { kind: 'list'; items: readonly string[] }

export interface WallShellOptions {
  displays: WallDisplaySpec
  /** Open the workstation window as well (false on a wall-only PC). */
  workstation: boolean
  route: string
  /** 'HH:MM' Asia/Shanghai, or null for no daily reload. */
  reloadAt: string | null
  /** 0 = no memory ceiling. */
  memoryLimitMb: number
}

export const DEFAULT_WALL_OPTIONS: WallShellOptions = {
  displays: { kind: 'none' },
  workstation: true,
  route: '#/wall/play',
  reloadAt: '04:30',
  memoryLimitMb: 1536,
}

/** Ctrl+Alt+Shift+Q closes the wall windows (the only way out of the kiosk besides quitting). */
export const WALL_EXIT_CHORD = 'Ctrl+Alt+Shift+Q'

export function parseDisplaySpec(raw: string): WallDisplaySpec | null {
  const v = raw.trim().toLowerCase()
  if (v === '' || v === 'none' || v === 'off') return { kind: 'none' }
  if (v === 'all' || v === 'primary' || v === 'secondary') return { kind: v }
  const items = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (!items.length || !items.every((s) => /^#?\d+$/.test(s))) return null
  return { kind: 'list', items }
}

/**
 * The shell's wall options from its argv (`--name value`, `--name=value`) and environment; the
 * command line wins. Invalid values are reported and the default kept (the hall still starts).
 */
export function parseWallOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): { options: WallShellOptions; errors: string[] } {
  const given = new Map<string, string | true>()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (!arg.startsWith('--wall-')) continue
    const eq = arg.indexOf('=')
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq)
    if (name === 'wall-only') given.set(name, eq === -1 ? true : arg.slice(eq + 1))
    else if (eq !== -1) given.set(name, arg.slice(eq + 1))
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) given.set(name, argv[++i])
    else given.set(name, '')
  }
  const pick = (name: string, envName: string): string | true | undefined => given.get(name) ?? env[envName]
  const options: WallShellOptions = { ...DEFAULT_WALL_OPTIONS }
  const errors: string[] = []

  const displays = pick('wall-displays', 'ZS_WALL_DISPLAYS')
  if (typeof displays === 'string') {
    const spec = parseDisplaySpec(displays)
    if (spec) options.displays = spec
    else
      errors.push(
        `--wall-displays: "${displays}" is not none, all, primary, secondary or a list of display ids / #positions`,
      )
  }
  const only = pick('wall-only', 'ZS_WALL_ONLY')
  if (only === true || (typeof only === 'string' && /^(1|true|yes|on)$/i.test(only))) options.workstation = false

  const route = pick('wall-route', 'ZS_WALL_ROUTE')
  if (typeof route === 'string' && route) {
    if (/^#\/wall(\/[a-z]+)?(\?[\w=&-]*)?$/.test(route)) options.route = route
    else
      errors.push(`--wall-route: "${route}" is not a wall page (#/wall, #/wall/map, #/wall/play, optionally ?fit=fill)`)
  }

  const reloadAt = pick('wall-reload-at', 'ZS_WALL_RELOAD_AT')
  if (typeof reloadAt === 'string' && reloadAt) {
    if (/^(off|none|0)$/i.test(reloadAt)) options.reloadAt = null
    else if (HH_MM_TIME.test(reloadAt)) options.reloadAt = reloadAt
    else errors.push(`--wall-reload-at: "${reloadAt}" is not HH:MM or off`)
  }

  const memory = pick('wall-memory-limit-mb', 'ZS_WALL_MEMORY_LIMIT_MB')
  if (typeof memory === 'string' && memory) {
    const n = Number(memory)
    if (Number.isInteger(n) && (n === 0 || (n >= 256 && n <= 65536))) options.memoryLimitMb = n
    else errors.push(`--wall-memory-limit-mb: "${memory}" is not 0 or a whole number of MB from 256 to 65536`)
  }
  return { options, errors }
}

export interface DisplayInfo {
  id: number
  bounds: { x: number; y: number; width: number; height: number }
}

/** Displays in reading order: left to right, then top to bottom (what "#2" means). */
export function orderDisplays<D extends DisplayInfo>(displays: readonly D[]): D[] {
  return [...displays].sort((a, b) => a.bounds.x - b.bounds.x || a.bounds.y - b.bounds.y || a.id - b.id)
}

/** The displays that get a wall window under `spec`. */
export function selectWallDisplays<D extends DisplayInfo>(
  displays: readonly D[],
  primaryId: number,
  spec: WallDisplaySpec,
): D[] {
  const ordered = orderDisplays(displays)
  switch (spec.kind) {
    case 'none':
      return []
    case 'all':
      return ordered
    case 'primary':
      return ordered.filter((d) => d.id === primaryId)
    case 'secondary':
      return ordered.filter((d) => d.id !== primaryId)
    case 'list': {
      const chosen = new Set<D>()
      for (const item of spec.items) {
        const d = item.startsWith('#') ? ordered[Number(item.slice(1)) - 1] : ordered.find((x) => String(x.id) === item)
        if (d) chosen.add(d)
      }
      return ordered.filter((d) => chosen.has(d))
    }
  }
}

/**
 * What to do when displays come, go or move: open a window on each newly chosen display, close
 * the windows whose display is gone, move the others to their display's current bounds.
 */
export function planWallWindows<D extends DisplayInfo>(
  openDisplayIds: Iterable<number>,
  wanted: readonly D[],
): { open: D[]; close: number[]; keep: D[] } {
  const have = new Set(openDisplayIds)
  const wantedIds = new Set(wanted.map((d) => d.id))
  return {
    open: wanted.filter((d) => !have.has(d.id)),
    close: [...have].filter((id) => !wantedIds.has(id)),
    keep: wanted.filter((d) => have.has(d.id)),
  }
}

/** Milliseconds from `nowMs` to the next `HH:MM` in Asia/Shanghai (a full day when it is now). */
export function msUntilDailyTime(nowMs: number, hhmm: string): number {
  const target = Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))
  const minute = hallMinuteOfDay(nowMs)
  const intoMinute = nowMs % 60_000
  let minutes = target - minute
  if (minutes <= 0) minutes += 24 * 60
  return minutes * 60_000 - intoMinute
}

/** Reload a wall page when its renderer's memory passed the ceiling (after warm-up, twice in a row). */
export function overMemoryCeiling(samplesMb: readonly number[], limitMb: number): boolean {
  if (!limitMb || samplesMb.length < 2) return false
  return samplesMb.at(-1)! > limitMb && samplesMb.at(-2)! > limitMb
}

export interface KeyInput {
  type: string
  key: string
  control: boolean
  alt: boolean
  shift: boolean
  meta: boolean
}

/**
 * What a key press in a wall window does: the exit chord closes the kiosk; the keys that would
 * leave or break it (Esc, F11, reload, close, quit, zoom, developer tools) are swallowed.
 */
export function kioskKeyAction(input: KeyInput): 'exit' | 'block' | 'pass' {
  if (input.type !== 'keyDown') return 'pass'
  const key = input.key.length === 1 ? input.key.toLowerCase() : input.key
  const mod = input.control || input.meta
  if (mod && input.alt && input.shift && key === 'q') return 'exit'
  if (key === 'Escape' || key === 'F11' || key === 'F5' || key === 'F12') return 'block'
  if (input.alt && key === 'F4') return 'block'
  if (mod && ['w', 'q', 'r', 'n', 't', '+', '-', '=', '0', 'p', 's', 'o', 'i', 'j'].includes(key)) return 'block'
  return 'pass'
}
