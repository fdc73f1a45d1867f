/**
 * The Electron shell: one instance, the engine as a utility process, hardened windows on the
 * renderer the engine serves. Everything else lives in the engine (plain Node).
 */
import { randomBytes } from 'node:crypto'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, dialog, Menu, session, type BrowserWindow } from 'electron'
import { EngineSupervisor, type EngineReady } from './engine-process'
import { engineArguments, optionValue, parseEngineOptions } from './options'
import { hardenAllWebContents, hardenSession } from './security'
import { createAppWindow, setEngineStatus } from './windows'
import { parseWallOptions } from './wall-displays'
import { createWallManager } from './wall-windows'

const here = dirname(fileURLToPath(import.meta.url))

app.enableSandbox()
// A separate profile (and single-instance lock) for tests, or a second hall on one machine.
if (process.env.ZS_USER_DATA_DIR) app.setPath('userData', process.env.ZS_USER_DATA_DIR)

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  runShell()
}

function runShell() {
  // `electron .` puts the app path at argv[1]; a packaged app starts its own arguments there.
  const options = parseEngineOptions(process.argv.slice(process.defaultApp ? 2 : 1))
  const token = optionValue(options, 'token') || process.env.ZS_TOKEN || randomBytes(32).toString('base64url')
  const dataDir = optionValue(options, 'data-dir') || process.env.ZS_DATA_DIR || join(app.getPath('userData'), 'data')
  // A free port unless one is asked for: a browser host may already hold the default 7345.
  const requestedPort = Number(optionValue(options, 'port') || process.env.ZS_PORT || 0)

  let engineOrigin: string | null = null
  let workstation: BrowserWindow | null = null
  // Kiosk wall windows, one per chosen display (--wall-displays; wall-displays.ts).
  const wallParsed = parseWallOptions(process.argv, process.env)
  for (const problem of wallParsed.errors) console.warn(`[shell] ${problem}`)
  const walls = createWallManager({
    options: wallParsed.options,
    preload: join(here, '../preload/index.cjs'),
    icon: join(app.getAppPath(), 'resources/icon.png'),
    devTools: !app.isPackaged,
  })

  const openWorkstation = (ready: EngineReady) => {
    workstation = createAppWindow({
      role: 'workstation',
      engineOrigin: `http://127.0.0.1:${ready.port}`,
      token: ready.token,
      preload: join(here, '../preload/index.cjs'),
      icon: join(app.getAppPath(), 'resources/icon.png'),
      devTools: !app.isPackaged,
    })
    workstation.on('closed', () => (workstation = null))
  }

  const engine = new EngineSupervisor({
    script: join(here, 'host.js'),
    initialPort: Number.isInteger(requestedPort) ? requestedPort : 0,
    secret: token,
    args: (port) => engineArguments(options, { token, port, dataDir, rendererDir: join(here, '../renderer') }),
    onReady(ready, restart) {
      const origin = `http://127.0.0.1:${ready.port}`
      console.log(
        `[shell] engine ${restart ? 'restarted' : 'ready'} at ${origin}${ready.demoMode ? ' (demo mode)' : ''}`,
      )
      const moved = engineOrigin !== null && engineOrigin !== origin
      engineOrigin = origin
      walls.engineReady(origin, ready.token)
      if (!wallParsed.options.workstation) return
      if (workstation && moved) {
        // The bridge on the window's command line names the old port: open a fresh window.
        const old = workstation
        openWorkstation(ready)
        old.destroy()
      } else if (workstation) {
        // Same address: the page's socket reconnects by itself.
        setEngineStatus(workstation, null)
      } else {
        openWorkstation(ready)
      }
    },
    onDown(_reason, retryInMs) {
      walls.engineDown(`引擎重启中（${Math.ceil(retryInMs / 1000)} 秒）`)
      if (workstation) setEngineStatus(workstation, `引擎重启中（${Math.ceil(retryInMs / 1000)} 秒）`)
    },
    onGiveUp(reason) {
      dialog.showErrorBox(
        '中枢',
        `中枢引擎无法启动，程序将退出。\nThe Zhongshu engine could not be started.\n\n${reason}`,
      )
      app.quit()
    },
  })

  hardenAllWebContents(() => engineOrigin)

  app.on('second-instance', () => {
    if (!workstation) return
    if (workstation.isMinimized()) workstation.restore()
    workstation.focus()
  })

  // Closing the last window ends the app, on every platform (a command hall has no dock idle).
  app.on('window-all-closed', () => app.quit())

  // Quit waits for the engine to close its database and broker session cleanly.
  let quitting = false
  let engineStopped = false
  app.on('before-quit', (event) => {
    if (engineStopped) return
    event.preventDefault()
    if (quitting) return
    quitting = true
    walls.release()
    void engine.stop().finally(() => {
      engineStopped = true
      app.quit()
    })
  })
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit())

  void app.whenReady().then(() => {
    if (app.isPackaged) Menu.setApplicationMenu(null)
    hardenSession(session.defaultSession, () => engineOrigin)
    engine.start()
  })
}
