/** Shared bench helpers: timing, payloads, child processes, result files. */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { makeEvent } from '../tests/fixtures/events'

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

/** `count` distinct valid zs.event/1 payloads (unique ids), pre-encoded so encoding is not measured. */
export function eventPayloads(count: number, runTag: string): Buffer[] {
  return Array.from({ length: count }, (_, i) =>
    Buffer.from(JSON.stringify(makeEvent({ id: `EV-B-${runTag}-${i}`, source: 'citizen' }))),
  )
}

/** Spawns a node script and resolves when it prints `line` on stdout. */
export function spawnUntilLine(
  script: string,
  args: string[],
  line: string,
): Promise<{ proc: ChildProcess; next: (l: string) => Promise<void> }> {
  const proc = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
  let buffer = ''
  const waiters: { line: string; resolve: () => void }[] = []
  proc.stdout!.setEncoding('utf8')
  proc.stdout!.on('data', (chunk: string) => {
    buffer += chunk
    for (const w of [...waiters]) {
      if (buffer.split('\n').includes(w.line)) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve()
      }
    }
  })
  const next = (l: string) =>
    new Promise<void>((resolve, reject) => {
      if (buffer.split('\n').includes(l)) return resolve()
      waiters.push({ line: l, resolve })
      proc.once('exit', (code) => reject(new Error(`${script} exited (${code}) before printing ${l}`)))
    })
  return next(line).then(() => ({ proc, next }))
}

export function writeResult(name: string, result: unknown) {
  const dir = join(process.cwd(), 'bench', 'results')
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(result, null, 2) + '\n')
}

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
