/**
 * Locks the workstation after `minutes()` without keyboard, pointer or wheel input (0: never).
 * Live updates are not input: a screen left alone locks however busy the hall is.
 */
import { onBeforeUnmount, onMounted } from 'vue'

export function createIdleTimer(opts: { minutes: () => number; onIdle: () => void; now?: () => number }) {
  const now = opts.now ?? Date.now
  let lastInput = now()
  return {
    input() {
      lastInput = now()
    },
    /** Call periodically: fires onIdle once the time has passed (and again only after input). */
    check() {
      const m = opts.minutes()
      if (m > 0 && now() - lastInput >= m * 60_000) {
        lastInput = Number.POSITIVE_INFINITY
        opts.onIdle()
      }
    },
    reset() {
      lastInput = now()
    },
  }
}

const INPUT_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const

export function useIdleLock(minutes: () => number, lock: () => void) {
  const timer = createIdleTimer({ minutes, onIdle: lock })
  const onInput = () => timer.input()
  let interval: ReturnType<typeof setInterval> | undefined
  onMounted(() => {
    for (const e of INPUT_EVENTS) window.addEventListener(e, onInput, { passive: true, capture: true })
    interval = setInterval(() => timer.check(), 5_000)
  })
  onBeforeUnmount(() => {
    for (const e of INPUT_EVENTS) window.removeEventListener(e, onInput, { capture: true })
    clearInterval(interval)
  })
  return timer
}
