/**
 * Child processes started by test helpers. Each helper stops its own children; this is only the
 * safety net for a test runner that exits without running teardown (crash, Ctrl-C): every child
 * still alive is SIGKILLed when this process exits, so no broker or engine outlives its tests.
 */
import type { ChildProcess } from 'node:child_process'

const live = new Set<ChildProcess>()
let hooked = false

function killAll(): void {
  for (const child of live) {
    try {
      child.kill('SIGKILL')
    } catch {
      // already gone
    }
  }
  live.clear()
}

export function trackChild(child: ChildProcess): void {
  live.add(child)
  if (!hooked) {
    hooked = true
    process.once('exit', killAll)
  }
}

export function untrackChild(child: ChildProcess): void {
  live.delete(child)
}

/** Resolves true once the child has exited, false if it is still running after timeoutMs. */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true)
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit)
      resolve(false)
    }, timeoutMs)
    const onExit = () => {
      clearTimeout(timer)
      resolve(true)
    }
    child.once('exit', onExit)
  })
}
