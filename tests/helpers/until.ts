/**
 * Polls `probe` until it returns something truthy (which it resolves to), or fails after `ms`
 * saying what it waited for. For integration tests: never a wall-clock assertion, only a bound on
 * how long a test may wait before it is declared stuck.
 */
export async function until<T>(
  probe: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  what: string,
  ms = 30_000,
  everyMs = 25,
): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await probe()
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}
