/** Shared bench helpers: timing, payloads, child processes, result files. */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
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

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); null elsewhere. */
export function cpuSeconds(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return null
  }
}

/** Every process on the machine with its command line (NULs as spaces); empty where /proc is not. */
function processes(): { pid: number; cmdline: string }[] {
  let pids: string[] = []
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d))
  } catch {
    return []
  }
  const out: { pid: number; cmdline: string }[] = []
  for (const p of pids) {
    try {
      out.push({ pid: Number(p), cmdline: readFileSync(`/proc/${p}/cmdline`, 'utf8').replaceAll('\0', ' ') })
    } catch {
      // the process ended between the listing and the read
    }
  }
  return out
}

/** Process matchers shared by the benches' CPU groups. */
export const isChromium = (cmd: string) => /chrom(e|ium)/i.test(cmd)
export const isMosquitto = (cmd: string) => /mosquitto/.test(cmd)

/**
 * CPU seconds used so far by every process on the machine, summed by what it is (its command line
 * matched against `groups`, first match wins; the rest as "other"). Differences of two readings
 * show who took the CPU during a run. Linux /proc only (empty elsewhere).
 */
export function cpuByGroup(groups: Record<string, (cmdline: string, pid: number) => boolean>): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries([...Object.keys(groups), 'other'].map((g) => [g, 0]))
  for (const { pid, cmdline } of processes()) {
    const s = cpuSeconds(pid)
    if (s === null) continue
    const group = Object.keys(groups).find((g) => groups[g](cmdline, pid)) ?? 'other'
    out[group] += s
  }
  return out
}

/**
 * CPU seconds used so far by each thread of the processes whose command line matches `match`,
 * summed by "<process type> <thread name>" (Chromium's `--type=`, e.g. "renderer
 * DedicatedWorker", "gpu-process VizCompositorTh"; "browser" without one). Differences of two
 * readings show which of a browser's threads took the CPU. Linux /proc only.
 */
export function cpuByThread(match: (cmdline: string) => boolean): Map<string, number> {
  const out = new Map<string, number>()
  for (const { pid, cmdline } of processes()) {
    if (!match(cmdline)) continue
    let tids: string[]
    try {
      tids = readdirSync(`/proc/${pid}/task`)
    } catch {
      continue
    }
    const type = /--type=(\S+)/.exec(cmdline)?.[1] ?? 'browser'
    for (const tid of tids) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
        const key = `${type} ${name}`
        out.set(key, (out.get(key) ?? 0) + (Number(fields[11]) + Number(fields[12])) / 100)
      } catch {
        // the thread ended between the listing and the read
      }
    }
  }
  return out
}

/** The threads that used the most CPU between two cpuByThread readings, as "name 1.2 s, …". */
export function topThreads(before: Map<string, number>, after: Map<string, number>, n = 6): string {
  return [...after]
    .map(([k, v]) => [k, v - (before.get(k) ?? 0)] as const)
    .filter(([, v]) => v >= 0.05)
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
    .join(', ')
}
