/**
 * The alarm tone, generated with Web Audio (no sound file to ship or fail to load): a two-tone
 * pattern repeated every 2 s while an alarm is on screen.
 *
 * Autoplay: browsers keep an AudioContext created without a user gesture suspended. A kiosk wall
 * window is created by Electron with `autoplayPolicy: 'no-user-gesture-required'` (electron/main),
 * so its context runs at once; a browser wall shows a one-time 启用声音 button whose click resumes it.
 *
 * A running context renders (silence) all the time on an audio thread of its own: about 1.5 % of a
 * core on the wall for nothing. So once it has run (sound is allowed), it is suspended whenever no
 * alarm sounds and resumed when one starts; the page keeps its permission across that, so the
 * state reported stays `running`.
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
  let idleTimer: ReturnType<typeof setTimeout> | null = null
  let listener: ((s: SoundState) => void) | null = null
  /** The context has run once: the page may play sound (autoplay allowed or a click). */
  let allowed = false
  try {
    ctx = Ctor ? new Ctor() : null
  } catch {
    ctx = null
  }
  const state = (): SoundState => (!ctx ? 'unavailable' : allowed || ctx.state === 'running' ? 'running' : 'suspended')
  /** Suspends the context after the last tone has faded, unless an alarm sounds again. */
  function idleLater() {
    if (idleTimer) clearTimeout(idleTimer)
    idleTimer = setTimeout(() => {
      idleTimer = null
      if (ctx && !timer && ctx.state === 'running') void ctx.suspend().catch(() => {})
    }, ALARM_SOUND_PERIOD_MS)
  }
  if (ctx) {
    ctx.onstatechange = () => {
      if (ctx?.state === 'running' && !allowed) {
        allowed = true
        if (!timer) idleLater()
      }
      listener?.(state())
    }
    if (ctx.state === 'running') {
      allowed = true
      idleLater()
    }
  }

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
      timer = setInterval(beep, ALARM_SOUND_PERIOD_MS)
      if (idleTimer) clearTimeout(idleTimer)
      idleTimer = null
      if (ctx && ctx.state !== 'running' && allowed)
        void ctx.resume().then(
          () => timer && beep(),
          () => {},
        )
      else beep()
    },
    stop() {
      if (!timer) return
      clearInterval(timer)
      timer = null
      idleLater()
    },
    dispose() {
      this.stop()
      if (idleTimer) clearTimeout(idleTimer)
      void ctx?.close().catch(() => {})
      ctx = null
    },
    onStateChange(fn) {
      listener = fn
    },
  }
}
