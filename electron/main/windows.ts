/**
 * Hardened application windows on the engine-served renderer, with a small watchdog: a crashed
 * renderer is reloaded, a hung one is crashed and reloaded, a page that failed to load (the
 * engine was restarting) is retried.
 */
import { BrowserWindow, type Rectangle } from 'electron'
import { bridgeArguments, type WindowRole } from '../preload/bridge'

export interface WindowOptions {
  role: WindowRole
  engineOrigin: string
  token: string
  preload: string
  icon?: string
  /** Wall windows cover a display. */
  bounds?: Rectangle
  /** The page to open (a wall window: e.g. '#/wall/play'); default by role. */
  route?: string
  devTools: boolean
}

const TITLE = '中枢'
const HUNG_RELOAD_MS = 15_000
const LOAD_RETRY_MS = 2_000
/** Chromium's ERR_ABORTED: a newer navigation replaced this one; not a failure. */
const ERR_ABORTED = -3

const statusByWindow = new WeakMap<BrowserWindow, string>()

export function pageUrl(engineOrigin: string, role: WindowRole, route?: string) {
  return `${engineOrigin}/${route ?? (role === 'wall' ? '#/wall' : '')}`
}

export function createAppWindow(opts: WindowOptions): BrowserWindow {
  const wall = opts.role === 'wall'
  const win = new BrowserWindow({
    title: TITLE,
    icon: opts.icon,
    width: 1600,
    height: 960,
    minWidth: 1280,
    minHeight: 720,
    ...(opts.bounds ?? {}),
    fullscreen: wall,
    kiosk: wall,
    show: false,
    backgroundColor: '#0b1a2e',
    autoHideMenuBar: true,
    webPreferences: {
      preload: opts.preload,
      additionalArguments: bridgeArguments({ engineUrl: opts.engineOrigin, token: opts.token, windowRole: opts.role }),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: opts.devTools,
      backgroundThrottling: !wall,
      // Nobody clicks a wall: its alarm tone must play without a user gesture.
      autoplayPolicy: wall ? 'no-user-gesture-required' : 'document-user-activation-required',
    },
  })
  win.once('ready-to-show', () => win.show())

  // Keep the page's own title, followed by what the shell knows about the engine.
  win.on('page-title-updated', (event, title) => {
    event.preventDefault()
    setTitle(win, title)
  })

  const url = pageUrl(opts.engineOrigin, opts.role, opts.route)
  const contents = win.webContents
  contents.on('did-fail-load', (_event, errorCode, errorDescription, _url, isMainFrame) => {
    if (!isMainFrame || errorCode === ERR_ABORTED) return
    console.warn(`[window:${opts.role}] load failed (${errorDescription}); retrying`)
    setTimeout(() => {
      if (!win.isDestroyed()) void win.loadURL(url).catch(() => {})
    }, LOAD_RETRY_MS)
  })
  contents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit' || win.isDestroyed()) return
    console.error(`[window:${opts.role}] renderer gone (${details.reason}); reloading`)
    contents.reload()
  })
  let hungTimer: ReturnType<typeof setTimeout> | null = null
  win.on('unresponsive', () => {
    hungTimer ??= setTimeout(() => {
      hungTimer = null
      if (win.isDestroyed()) return
      console.error(`[window:${opts.role}] renderer hung for ${HUNG_RELOAD_MS} ms; reloading`)
      contents.forcefullyCrashRenderer()
      contents.reload()
    }, HUNG_RELOAD_MS)
  })
  win.on('responsive', () => {
    if (hungTimer) clearTimeout(hungTimer)
    hungTimer = null
  })

  void win.loadURL(url).catch(() => {
    // did-fail-load retries.
  })
  return win
}

/**
 * Tells a window what the shell knows about the engine (e.g. that it is restarting) through the
 * window title; `null` clears it. The page itself shows its connection state from its socket.
 */
export function setEngineStatus(win: BrowserWindow, status: string | null) {
  if (win.isDestroyed()) return
  if (status) statusByWindow.set(win, status)
  else statusByWindow.delete(win)
  setTitle(win, win.webContents.getTitle() || TITLE)
}

function setTitle(win: BrowserWindow, pageTitle: string) {
  const status = statusByWindow.get(win)
  win.setTitle(status ? `${pageTitle} — ${status}` : pageTitle)
}
