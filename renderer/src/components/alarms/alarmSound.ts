/**
 * The alarm tone, generated with Web Audio (no sound file to ship or fail to load): a two-tone
 * pattern repeated every 2 s while an alarm is on screen.
 *
 * Autoplay: browsers keep an AudioContext created without a user gesture suspended. A kiosk wall
 * window is created by Electron with `autoplayPolicy: 'no-user-gesture-required'` (electron/main),
 * so its context runs at once; a browser wall shows a one-time 启用声音 button whose click resumes it.
 */
export type SoundState = 'running' | 'suspended' | 'unavailable'

type AudioContextCtor = new () => AudioContext

export interface AlarmSound {
  state(): SoundState
  /** Resume after a user gesture (the 启用声音 button). */
  enable(): Promise<SoundState>
  start(): void
  stop(): void
  dispose(): void
  onStateChange(fn: (s: SoundState) => void): void
}

const PATTERN = [
  { freq: 988, at: 0, dur: 0.35 },
  { freq: 740, at: 0.4, dur: 0.35 },
  { freq: 988, at: 0.8, dur: 0.35 },
]
export const ALARM_SOUND_PERIOD_MS = 2000

export function createAlarmSound(
  Ctor: AudioContextCtor | undefined = (globalThis as { AudioContext?: AudioContextCtor }).AudioContext,
): AlarmSound {
  let ctx: AudioContext | null = null
  let timer: ReturnType<typeof setInterval> | null = null
  let listener: ((s: SoundState) => void) | null = null
  try {
    ctx = Ctor ? new Ctor() : null
  } catch {
    ctx = null
  }
  const state = (): SoundState => (!ctx ? 'unavailable' : ctx.state === 'running' ? 'running' : 'suspended')
  if (ctx) ctx.onstatechange = () => listener?.(state())

  function beep() {
    if (!ctx || ctx.state !== 'running') return
    const t0 = ctx.currentTime + 0.02
    for (const p of PATTERN) {
      const osc = ctx.createOscillator()
      const gain = ctx.createGain()
      osc.type = 'square'
      osc.frequency.value = p.freq
      gain.gain.setValueAtTime(0.0001, t0 + p.at)
      gain.gain.exponentialRampToValueAtTime(0.25, t0 + p.at + 0.02)
      gain.gain.setValueAtTime(0.25, t0 + p.at + p.dur - 0.05)
      gain.gain.exponentialRampToValueAtTime(0.0001, t0 + p.at + p.dur)
      osc.connect(gain).connect(ctx.destination)
      osc.start(t0 + p.at)
      osc.stop(t0 + p.at + p.dur + 0.01)
    }
  }

  return {
    state,
    async enable() {
      try {
        await ctx?.resume()
      } catch {
        /* stays suspended */
      }
      return state()
    },
    start() {
      if (timer) return
      beep()
      timer = setInterval(beep, ALARM_SOUND_PERIOD_MS)
    },
    stop() {
      if (timer) clearInterval(timer)
      timer = null
    },
    dispose() {
      this.stop()
      void ctx?.close().catch(() => {})
      ctx = null
    },
    onStateChange(fn) {
      listener = fn
    },
  }
}
