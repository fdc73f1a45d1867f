/**
 * Leading + trailing throttle: runs at once, then at most once per `intervalMs`, and always runs
 * once more after the last call so the final state is never lost.
 */
export interface Throttled<A extends unknown[]> {
  (...args: A): void
  cancel(): void
  flush(): void
}

export function throttle<A extends unknown[]>(
  fn: (...args: A) => void,
  intervalMs: number,
  now: () => number = Date.now,
): Throttled<A> {
  let last = -Infinity
  let timer: ReturnType<typeof setTimeout> | null = null
  let pendingArgs: A | null = null

  const run = (args: A) => {
    last = now()
    pendingArgs = null
    fn(...args)
  }

  const throttled = ((...args: A) => {
    const wait = last + intervalMs - now()
    if (wait <= 0 && !timer) {
      run(args)
      return
    }
    pendingArgs = args
    if (!timer) {
      timer = setTimeout(
        () => {
          timer = null
          if (pendingArgs) run(pendingArgs)
        },
        Math.max(0, wait),
      )
    }
  }) as Throttled<A>

  throttled.cancel = () => {
    if (timer) clearTimeout(timer)
    timer = null
    pendingArgs = null
  }
  throttled.flush = () => {
    if (timer) clearTimeout(timer)
    timer = null
    if (pendingArgs) run(pendingArgs)
  }
  return throttled
}
