#!/usr/bin/env node
/**
 * `npm test`: build once, run the unit + integration tests (vitest) and the end-to-end tests
 * (Playwright + Debian Chromium), then print one summary line for both:
 *
 *   N passed, N failed[, N skipped]
 *
 * Both runners always run (a failing first one does not hide the second's results). Output is
 * streamed live. The exit code is non-zero when the build failed, any test failed, or a runner
 * crashed without producing its report (counted as one failure so the line never reads green).
 * The line is also written to test-results/summary.txt for .ci/run.
 *
 * Environment:
 *   ZS_TEST_SKIP_BUILD=1   use the existing out/ (e.g. right after `npm run build`)
 *   ZS_TEST_NO_XVFB=1      do not wrap Playwright in xvfb-run when there is no $DISPLAY
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const results = join(root, 'test-results')
const bin = (name) => join(root, 'node_modules', '.bin', name)
const vitestJson = join(results, 'vitest.json')
const playwrightJson = join(results, 'playwright.json')

/** Run a command with inherited stdio; resolves with its exit code (signals → 1). */
function run(command, args, env = {}) {
  console.log(`\n▶ ${[command, ...args].map((a) => a.replace(root + '/', '')).join(' ')}\n`)
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
    const forward = (signal) => child.kill(signal)
    process.on('SIGINT', forward)
    process.on('SIGTERM', forward)
    child.on('error', (err) => {
      console.error(`could not run ${command}: ${err.message}`)
      resolve(127)
    })
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward)
      process.off('SIGTERM', forward)
      resolve(code ?? (signal ? 1 : 0))
    })
  })
}

async function readJson(path) {
  try {
    return JSON.parse(await readFile(path, 'utf8'))
  } catch {
    return null
  }
}

/**
 * Vitest's JSON report is Jest-shaped. A file that failed without a failing test (it did not
 * import, or a hook threw) counts as one failure.
 */
function vitestCounts(report) {
  const files = Array.isArray(report.testResults) ? report.testResults : []
  const brokenFiles = files.filter(
    (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
  ).length
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + brokenFiles,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  }
}

/** Playwright's JSON report: expected / unexpected / flaky (passed on retry) / skipped. */
function playwrightCounts(report) {
  const stats = report.stats ?? {}
  const errors = Array.isArray(report.errors) ? report.errors.length : 0
  return {
    passed: (stats.expected ?? 0) + (stats.flaky ?? 0),
    failed: (stats.unexpected ?? 0) + errors,
    skipped: stats.skipped ?? 0,
  }
}

await mkdir(results, { recursive: true })
await rm(vitestJson, { force: true })
await rm(playwrightJson, { force: true })
await rm(join(results, 'summary.txt'), { force: true })

const problems = []

if (process.env.ZS_TEST_SKIP_BUILD !== '1') {
  const buildCode = await run(bin('electron-vite'), ['build'])
  if (buildCode !== 0) problems.push(`build failed (exit ${buildCode})`)
}

const vitestCode = await run(bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile=${vitestJson}`,
])

const useXvfb = !process.env.DISPLAY && process.env.ZS_TEST_NO_XVFB !== '1' && existsSync('/usr/bin/xvfb-run')
const playwrightArgs = ['test']
const playwrightCode = useXvfb
  ? await run('/usr/bin/xvfb-run', [
      '--auto-servernum',
      '--server-args=-screen 0 1920x1080x24',
      bin('playwright'),
      ...playwrightArgs,
    ])
  : await run(bin('playwright'), playwrightArgs)

const total = { passed: 0, failed: 0, skipped: 0 }
const add = (counts) => {
  total.passed += counts.passed
  total.failed += counts.failed
  total.skipped += counts.skipped
}

for (const [name, path, code, count] of [
  ['vitest', vitestJson, vitestCode, vitestCounts],
  ['playwright', playwrightJson, playwrightCode, playwrightCounts],
]) {
  const report = await readJson(path)
  if (!report) {
    problems.push(`${name} produced no report (exit ${code})`)
    total.failed += 1
    continue
  }
  const counts = count(report)
  add(counts)
  if (code !== 0 && counts.failed === 0) {
    problems.push(`${name} exited with ${code} although no test failed`)
    total.failed += 1
  }
}

const line = `${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`
await writeFile(join(results, 'summary.txt'), line + '\n')
console.log('')
for (const problem of problems) console.log(`✖ ${problem}`)
console.log(line)
process.exitCode = total.failed > 0 || problems.length > 0 ? 1 : 0
