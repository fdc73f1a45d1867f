/**
 * Builds the app (`electron-vite build`) when the output is missing or older than its sources,
 * so `npm start`, `npm run serve`, `npm run simulate` and the tests never run stale code.
 * Several processes may ask at once (test workers): a lock directory makes them take turns.
 */
import { spawn } from 'node:child_process'
import { mkdir, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))

const OUT = join(ROOT, 'out')
const STAMP = join(OUT, '.build-stamp')
const LOCK = join(OUT, '.build-lock')
const REQUIRED_OUTPUTS = ['out/main/index.js', 'out/main/host.js', 'out/preload/index.cjs', 'out/renderer/index.html']
const SOURCES = ['electron', 'renderer', 'electron.vite.config.ts']
/** Tests do not go into the bundle; editing one must not trigger a rebuild. */
const NOT_BUILT = /\.(test|spec)\.[cm]?[jt]s$/
const STALE_LOCK_MS = 10 * 60_000

async function mtimeMs(path) {
  try {
    return (await stat(path)).mtimeMs
  } catch {
    return null
  }
}

/** Newest modification time of any source file (0 when there are none). */
async function newestSource(path) {
  let info
  try {
    info = await stat(path)
  } catch {
    return 0
  }
  if (!info.isDirectory()) return NOT_BUILT.test(path) ? 0 : info.mtimeMs
  // Directory times are left out: adding a test file must not rebuild. (Renaming or deleting a
  // module also changes its importers, which are newer then.)
  let newest = 0
  for (const entry of await readdir(path)) {
    if (entry === 'node_modules') continue
    newest = Math.max(newest, await newestSource(join(path, entry)))
  }
  return newest
}

/** Why a build is needed, or null when the output is current. */
export async function buildReason() {
  for (const output of REQUIRED_OUTPUTS) {
    if ((await mtimeMs(join(ROOT, output))) === null) return `${output} is missing`
  }
  const stamp = await mtimeMs(STAMP)
  if (stamp === null) return 'no build stamp'
  for (const source of SOURCES) {
    if ((await newestSource(join(ROOT, source))) > stamp) return `${source} changed`
  }
  return null
}

function runBuild() {
  return new Promise((resolve, reject) => {
    const cli = join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')
    const child = spawn(process.execPath, [cli, 'build'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      if (code === 0) return resolve()
      process.stderr.write(output)
      reject(new Error(`electron-vite build failed (${signal ?? `exit code ${code}`})`))
    })
  })
}

/** A lock left by a process that died (or hung for far longer than any build) is void. */
async function isStaleLock() {
  const since = await mtimeMs(LOCK)
  if (since === null) return false
  if (Date.now() - since > STALE_LOCK_MS) return true
  const pid = Number(await readFile(join(LOCK, 'pid'), 'utf8').catch(() => ''))
  if (!pid) return Date.now() - since > 5_000 // the owner has not written its pid yet
  try {
    process.kill(pid, 0)
    return false
  } catch (error) {
    return error.code === 'ESRCH'
  }
}

async function acquireLock() {
  await mkdir(OUT, { recursive: true })
  for (;;) {
    try {
      await mkdir(LOCK)
      await writeFile(join(LOCK, 'pid'), String(process.pid))
      return
    } catch (error) {
      if (error.code !== 'EEXIST') throw error
    }
    if (await isStaleLock()) {
      await rm(LOCK, { recursive: true, force: true })
      continue
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

/** Builds if needed; resolves when the output in out/ matches the sources. */
export async function ensureBuild({ quiet = false } = {}) {
  if ((await buildReason()) === null) return
  await acquireLock()
  try {
    // Another process may have built while this one waited for the lock.
    const reason = await buildReason()
    if (reason === null) return
    if (!quiet) console.log(`Building Zhongshu (${reason}) — electron-vite build…`)
    const startedAt = new Date()
    await runBuild()
    // Date the stamp to the build's start: a source saved during the build triggers the next one.
    await writeFile(STAMP, `${startedAt.toISOString()}\n`)
    await utimes(STAMP, startedAt, startedAt)
  } finally {
    await rm(LOCK, { recursive: true, force: true })
  }
}
