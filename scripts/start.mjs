/**
 * `npm start [-- host options]`: builds if needed, then runs the desktop app. Where the Electron
 * runtime is missing it tries Electron's own installer once (which honours ELECTRON_MIRROR,
 * ELECTRON_CUSTOM_DIR, electron_config_cache…); where that fails too (or there is no display),
 * it says so in one line and runs the browser host instead, exactly as `npm run serve` would.
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT, ensureBuild } from './lib/ensure-build.mjs'

const ELECTRON_DIR = join(ROOT, 'node_modules', 'electron')
const INSTALL_TIMEOUT_MS = 120_000
const HOW_TO_INSTALL = 'set ELECTRON_MIRROR=<mirror URL> and run "node node_modules/electron/install.js"'

// `npm start -- --broker …` hands the options over as they are; a leading `--` is tolerated.
const args = process.argv.slice(2)
if (args[0] === '--') args.shift()

/** Path of the Electron executable, or null when the runtime is not installed. */
function electronBinary() {
  try {
    const relative = readFileSync(join(ELECTRON_DIR, 'path.txt'), 'utf8').trim()
    const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(ELECTRON_DIR, 'dist')
    const binary = join(dist, relative)
    return relative && existsSync(binary) ? binary : null
  } catch {
    return null
  }
}

/** Runs Electron's installer once, quietly; resolves null on success, else the first line of its error. */
function tryInstallElectron() {
  return new Promise((resolve) => {
    // Say something only when the download takes a while; a quick failure gets just one line.
    const notice = setTimeout(
      () => console.log('Electron runtime not installed; downloading it (Electron installer)…'),
      2_000,
    )
    const child = spawn(process.execPath, [join(ELECTRON_DIR, 'install.js')], {
      cwd: ELECTRON_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    const timer = setTimeout(() => {
      output += `\ntimed out after ${INSTALL_TIMEOUT_MS / 1000} s`
      child.kill()
    }, INSTALL_TIMEOUT_MS)
    child.on('error', (error) => resolve(error.message))
    child.on('exit', (code) => {
      clearTimeout(timer)
      clearTimeout(notice)
      if (code === 0) return resolve(null)
      if (process.env.ZS_DEBUG) process.stderr.write(output)
      const firstLine = output.split('\n').find((line) => line.trim()) ?? `exit code ${code}`
      resolve(firstLine.trim().slice(0, 160))
    })
  })
}

function isCI() {
  const ci = process.env.CI
  return Boolean(ci) && ci !== 'false' && ci !== '0'
}

/** Why the desktop app cannot be shown, or null when it can. */
async function whyNoDesktop() {
  if (!electronBinary()) {
    if (isCI() || process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
      return `Electron runtime not installed, no download attempted in CI or with ELECTRON_SKIP_BINARY_DOWNLOAD (${HOW_TO_INSTALL})`
    }
    const error = (await tryInstallElectron()) ?? (electronBinary() ? null : 'installer finished without a runtime')
    if (error !== null)
      return `Electron runtime not installed and could not be downloaded [${error}] (${HOW_TO_INSTALL})`
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'No display (neither DISPLAY nor WAYLAND_DISPLAY is set) for the desktop app'
  }
  return null
}

/** Runs a child in the foreground: signals go to it, its exit status becomes ours. */
function runForeground(command, commandArgs, env = process.env) {
  const child = spawn(command, commandArgs, { cwd: ROOT, stdio: 'inherit', env })
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => child.kill(signal))
  }
  child.on('error', (error) => {
    console.error(`Could not start ${command}: ${error.message}`)
    process.exit(1)
  })
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

await ensureBuild()
const reason = await whyNoDesktop()
if (reason === null) {
  // ELECTRON_RUN_AS_NODE would make Electron behave as plain Node.
  const env = { ...process.env }
  delete env.ELECTRON_RUN_AS_NODE
  runForeground(electronBinary(), [ROOT, ...args], env)
} else {
  console.log(`${reason}; starting the browser host instead.`)
  runForeground(process.execPath, [join(ROOT, 'scripts', 'serve.mjs'), ...args])
}
