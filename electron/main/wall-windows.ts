/**
 * One kiosk wall window per chosen display (wall-displays.ts decides which): fullscreen, no menu,
 * Esc and the other leaving keys swallowed, only the protected chord (Ctrl+Alt+Shift+Q) closes
 * them; the display is kept awake while a wall runs; displays plugged in, removed or re-arranged
 * are followed; each page reloads daily at a quiet hour and when its renderer's memory passes a
 * ceiling. Crashed and hung renderers are reloaded by windows.ts's watchdog.
 */
import { app, powerSaveBlocker, screen, type BrowserWindow, type Display } from 'electron'
import {
  kioskKeyAction,
  msUntilDailyTime,
  overMemoryCeiling,
  planWallWindows,
  selectWallDisplays,
  WALL_EXIT_CHORD,
  type WallShellOptions,
} from './wall-displays'
import { createAppWindow, setEngineStatus } from './windows'

export interface WallManagerOptions {
  options: WallShellOptions
  preload: string
  icon?: string
  devTools: boolean
  log?: (msg: string) => void
}

const MEMORY_SAMPLE_MS = 60_000

interface WallWindow {
  win: BrowserWindow
  /** Closing is allowed (the exit chord, quitting, the display went away). */
  releasing: boolean
  timers: ReturnType<typeof setTimeout>[]
}

export function createWallManager(opts: WallManagerOptions) {
  const log = opts.log ?? ((m: string) => console.log(`[wall] ${m}`))
  const walls = new Map<number, WallWindow>()
  let engine: { origin: string; token: string } | null = null
  let blockerId: number | null = null
  let exited = false
  let watching = false

  const enabled = () => opts.options.displays.kind !== 'none' && !exited

  function keepAwake(on: boolean) {
    if (on && blockerId === null) blockerId = powerSaveBlocker.start('prevent-display-sleep')
    if (!on && blockerId !== null) {
      powerSaveBlocker.stop(blockerId)
      blockerId = null
    }
  }

  function close(displayId: number) {
    const w = walls.get(displayId)
    if (!w) return
    walls.delete(displayId)
    w.releasing = true
    for (const t of w.timers) clearTimeout(t)
    if (!w.win.isDestroyed()) w.win.destroy()
  }

  function open(display: Display) {
    if (!engine) return
    const win = createAppWindow({
      role: 'wall',
      engineOrigin: engine.origin,
      token: engine.token,
      preload: opts.preload,
      icon: opts.icon,
      bounds: display.bounds,
      route: opts.options.route,
      devTools: opts.devTools,
    })
    const w: WallWindow = { win, releasing: false, timers: [] }
    walls.set(display.id, w)
    win.setMenuBarVisibility(false)
    win.setAlwaysOnTop(true, 'screen-saver')

    win.webContents.on('before-input-event', (event, input) => {
      const action = kioskKeyAction(input)
      if (action === 'pass') return
      event.preventDefault()
      if (action === 'exit') {
        log(`${WALL_EXIT_CHORD}: closing the wall windows`)
        exitKiosk()
      }
    })
    // Alt+F4 and the window manager's close button are refused: only the chord or quitting closes.
    win.on('close', (event) => {
      if (!w.releasing) event.preventDefault()
    })
    win.on('closed', () => {
      if (walls.get(display.id) === w) walls.delete(display.id)
    })

    const reloadAt = opts.options.reloadAt
    if (reloadAt) {
      const schedule = () => {
        const t = setTimeout(
          () => {
            w.timers = w.timers.filter((x) => x !== t)
            if (win.isDestroyed()) return
            log(`display ${display.id}: daily reload at ${reloadAt}`)
            win.webContents.reloadIgnoringCache()
            schedule()
          },
          msUntilDailyTime(Date.now(), reloadAt),
        )
        w.timers.push(t)
      }
      schedule()
    }

    const limit = opts.options.memoryLimitMb
    if (limit) {
      const samples: number[] = []
      const sample = () => {
        const t = setTimeout(() => {
          w.timers = w.timers.filter((x) => x !== t)
          if (win.isDestroyed()) return
          const pid = win.webContents.getOSProcessId()
          const metric = app.getAppMetrics().find((m) => m.pid === pid)
          if (metric) {
            samples.push(metric.memory.workingSetSize / 1024)
            if (samples.length > 10) samples.shift()
            if (overMemoryCeiling(samples, limit)) {
              log(`display ${display.id}: renderer uses ${Math.round(samples.at(-1)!)} MB (> ${limit}); reloading`)
              samples.length = 0
              win.webContents.reloadIgnoringCache()
            }
          }
          sample()
        }, MEMORY_SAMPLE_MS)
        w.timers.push(t)
      }
      sample()
    }
    log(`display ${display.id} (${display.bounds.width}×${display.bounds.height}): wall window opened`)
  }

  /** Opens, closes and moves wall windows to match the displays now attached. */
  function sync() {
    if (!engine || !enabled()) return
    const displays = screen.getAllDisplays()
    const wanted = selectWallDisplays(displays, screen.getPrimaryDisplay().id, opts.options.displays)
    const plan = planWallWindows(walls.keys(), wanted)
    for (const id of plan.close) {
      log(`display ${id} is gone or no longer chosen: closing its wall window`)
      close(id)
    }
    for (const d of plan.keep) {
      const w = walls.get(d.id)
      if (w && !w.win.isDestroyed()) w.win.setBounds(d.bounds)
    }
    for (const d of plan.open) open(d)
    if (!wanted.length) log(`no display matches --wall-displays (${displays.length} attached)`)
    keepAwake(walls.size > 0)
  }

  function exitKiosk() {
    exited = true
    for (const id of [...walls.keys()]) close(id)
    keepAwake(false)
  }

  return {
    /** The engine is (again) ready at `origin`; a new origin needs new windows (the bridge names the port). */
    engineReady(origin: string, token: string) {
      const moved = engine !== null && engine.origin !== origin
      engine = { origin, token }
      if (moved) for (const id of [...walls.keys()]) close(id)
      else for (const w of walls.values()) setEngineStatus(w.win, null)
      if (!watching && enabled()) {
        watching = true
        screen.on('display-added', sync)
        screen.on('display-removed', sync)
        screen.on('display-metrics-changed', sync)
      }
      sync()
    },
    engineDown(status: string) {
      for (const w of walls.values()) setEngineStatus(w.win, status)
    },
    count: () => walls.size,
    /** Before quitting: let the windows close. */
    release() {
      exitKiosk()
    },
  }
}
export type WallManager = ReturnType<typeof createWallManager>
