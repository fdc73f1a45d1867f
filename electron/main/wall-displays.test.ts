import { describe, expect, it } from 'vitest'
import {
  DEFAULT_WALL_OPTIONS,
  kioskKeyAction,
  msUntilDailyTime,
  overMemoryCeiling,
  parseWallOptions,
  planWallWindows,
  selectWallDisplays,
  type KeyInput,
} from './wall-displays'

const display = (id: number, x: number, y = 0, width = 1920, height = 1080) => ({ id, bounds: { x, y, width, height } })
// Primary in the middle, one wall left of it, one right, one above the primary.
const DISPLAYS = [display(10, 0), display(20, -3840, 0, 3840, 2160), display(30, 1920), display(40, 0, -1080)]

describe('parseWallOptions', () => {
  it('defaults to no wall window, the workstation, the rotation, a reload at 04:30', () => {
    expect(parseWallOptions([], {})).toEqual({ options: DEFAULT_WALL_OPTIONS, errors: [] })
  })

  it('reads the command line, then the environment', () => {
    const { options, errors } = parseWallOptions(
      ['--token', 'x', '--wall-displays', 'secondary', '--wall-only', '--wall-reload-at=03:15', '--no-sandbox'],
      { ZS_WALL_DISPLAYS: 'all', ZS_WALL_MEMORY_LIMIT_MB: '0', ZS_WALL_ROUTE: '#/wall/map?fit=fill' },
    )
    expect(errors).toEqual([])
    expect(options).toEqual({
      displays: { kind: 'secondary' },
      workstation: false,
      route: '#/wall/map?fit=fill',
      reloadAt: '03:15',
      memoryLimitMb: 0,
    })
    expect(
      parseWallOptions([], { ZS_WALL_ONLY: '1', ZS_WALL_DISPLAYS: '#2, 30', ZS_WALL_RELOAD_AT: 'off' }).options,
    ).toMatchObject({ workstation: false, displays: { kind: 'list', items: ['#2', '30'] }, reloadAt: null })
  })

  it('reports invalid values and keeps the defaults', () => {
    const { options, errors } = parseWallOptions([
      '--wall-displays',
      'left',
      '--wall-reload-at',
      '25:00',
      '--wall-memory-limit-mb',
      '12',
      '--wall-route',
      'https://evil.example/',
    ])
    expect(options).toEqual(DEFAULT_WALL_OPTIONS)
    expect(errors).toHaveLength(4)
  })
})

describe('selectWallDisplays', () => {
  it('chooses by kind, in reading order', () => {
    const ids = (spec: Parameters<typeof selectWallDisplays>[2]) =>
      selectWallDisplays(DISPLAYS, 10, spec).map((d) => d.id)
    expect(ids({ kind: 'none' })).toEqual([])
    expect(ids({ kind: 'all' })).toEqual([20, 40, 10, 30])
    expect(ids({ kind: 'primary' })).toEqual([10])
    expect(ids({ kind: 'secondary' })).toEqual([20, 40, 30])
  })

  it('chooses listed ids and 1-based positions, ignoring displays that are not there', () => {
    expect(
      selectWallDisplays(DISPLAYS, 10, { kind: 'list', items: ['#1', '30', '#9', '77'] }).map((d) => d.id),
    ).toEqual([20, 30])
  })
})

describe('planWallWindows', () => {
  it('opens on new displays, closes on gone ones, keeps (and moves) the rest', () => {
    const wanted = [display(20, -3840), display(30, 1920)]
    expect(planWallWindows([30, 50], wanted)).toEqual({ open: [wanted[0]], close: [50], keep: [wanted[1]] })
    expect(planWallWindows([], [])).toEqual({ open: [], close: [], keep: [] })
  })
})

describe('msUntilDailyTime', () => {
  const at = (iso: string) => Date.parse(iso)
  it('counts to the next occurrence in Asia/Shanghai', () => {
    expect(msUntilDailyTime(at('2026-11-28T04:00:00+08:00'), '04:30')).toBe(30 * 60_000)
    expect(msUntilDailyTime(at('2026-11-28T04:30:00+08:00'), '04:30')).toBe(24 * 3600_000)
    expect(msUntilDailyTime(at('2026-11-28T23:59:30+08:00'), '00:00')).toBe(30_000)
    expect(msUntilDailyTime(at('2026-11-28T05:00:00+08:00'), '04:30')).toBe(23.5 * 3600_000)
  })
})

describe('overMemoryCeiling', () => {
  it('needs two samples in a row over the ceiling, and a ceiling', () => {
    expect(overMemoryCeiling([2000], 1536)).toBe(false)
    expect(overMemoryCeiling([2000, 1000], 1536)).toBe(false)
    expect(overMemoryCeiling([400, 1600, 1700], 1536)).toBe(true)
    expect(overMemoryCeiling([4000, 4000], 0)).toBe(false)
  })
})

describe('kioskKeyAction', () => {
  const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({
    type: 'keyDown',
    key: k,
    control: false,
    alt: false,
    shift: false,
    meta: false,
    ...mods,
  })
  it('Esc and the keys that leave or reload the kiosk do nothing', () => {
    for (const k of ['Escape', 'F11', 'F5', 'F12']) expect(kioskKeyAction(key(k))).toBe('block')
    expect(kioskKeyAction(key('F4', { alt: true }))).toBe('block')
    expect(kioskKeyAction(key('w', { control: true }))).toBe('block')
    expect(kioskKeyAction(key('R', { control: true, shift: true }))).toBe('block')
    expect(kioskKeyAction(key('q', { meta: true }))).toBe('block')
  })
  it('only the protected chord exits; other keys pass', () => {
    expect(kioskKeyAction(key('Q', { control: true, alt: true, shift: true }))).toBe('exit')
    expect(kioskKeyAction(key('q', { control: true, alt: true }))).toBe('block')
    expect(kioskKeyAction(key('a'))).toBe('pass')
    expect(kioskKeyAction({ ...key('Escape'), type: 'keyUp' })).toBe('pass')
  })
})
