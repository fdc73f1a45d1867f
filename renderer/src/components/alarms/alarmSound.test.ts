/**
 * The alarm sound's use of its AudioContext, with a stand-in context (the real one is exercised in
 * Chromium by tests/e2e/wall-alarm.spec.ts): it sleeps while silent without losing the page's
 * permission to play, and wakes for an alarm.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ALARM_SOUND_PERIOD_MS, createAlarmSound } from './alarmSound'

/** What the sound uses of an AudioContext; `autoplay` decides whether it starts running. */
function standIn(autoplay: boolean) {
  const made: StandIn[] = []
  class StandIn {
    state: 'running' | 'suspended' | 'closed' = autoplay ? 'running' : 'suspended'
    onstatechange: (() => void) | null = null
    currentTime = 0
    destination = {}
    tones = 0
    constructor() {
      made.push(this)
    }
    private set(state: StandIn['state']) {
      if (this.state === state) return
      this.state = state
      this.onstatechange?.()
    }
    resume() {
      this.set('running')
      return Promise.resolve()
    }
    suspend() {
      this.set('suspended')
      return Promise.resolve()
    }
    close() {
      this.set('closed')
      return Promise.resolve()
    }
    createOscillator() {
      this.tones++
      const node = { frequency: { value: 0 }, type: '', connect: (n: unknown) => n, start() {}, stop() {} }
      return node
    }
    createGain() {
      const param = { setValueAtTime() {}, exponentialRampToValueAtTime() {} }
      return { gain: param, connect: (n: unknown) => n }
    }
  }
  return { Ctor: StandIn as unknown as new () => AudioContext, made }
}

describe('the alarm sound', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('sleeps while silent, keeps its permission, and wakes for an alarm', async () => {
    const { Ctor, made } = standIn(true)
    const sound = createAlarmSound(Ctor)
    const ctx = made[0]
    expect(sound.state()).toBe('running')
    // Nothing sounds: the context is suspended after a while, the reported state stays running.
    vi.advanceTimersByTime(ALARM_SOUND_PERIOD_MS)
    expect(ctx.state).toBe('suspended')
    expect(sound.state()).toBe('running')

    sound.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(ctx.state).toBe('running')
    expect(ctx.tones).toBe(3)
    await vi.advanceTimersByTimeAsync(ALARM_SOUND_PERIOD_MS * 2)
    // Still sounding: never suspended meanwhile, the pattern repeated.
    expect(ctx.state).toBe('running')
    expect(ctx.tones).toBe(9)

    sound.stop()
    vi.advanceTimersByTime(ALARM_SOUND_PERIOD_MS - 1)
    expect(ctx.state).toBe('running') // the last tone fades out first
    vi.advanceTimersByTime(1)
    expect(ctx.state).toBe('suspended')
    expect(sound.state()).toBe('running')
    sound.dispose()
  })

  it('without permission it stays silent until enabled, then sleeps like the other', async () => {
    const { Ctor, made } = standIn(false)
    const sound = createAlarmSound(Ctor)
    const ctx = made[0]
    const states: string[] = []
    sound.onStateChange((s) => states.push(s))
    expect(sound.state()).toBe('suspended')
    sound.start()
    await vi.advanceTimersByTimeAsync(ALARM_SOUND_PERIOD_MS)
    // Not allowed: it does not wake the context by itself, and plays nothing.
    expect(ctx.state).toBe('suspended')
    expect(ctx.tones).toBe(0)
    sound.stop()

    expect(await sound.enable()).toBe('running')
    expect(states).toEqual(['running'])
    vi.advanceTimersByTime(ALARM_SOUND_PERIOD_MS)
    expect(ctx.state).toBe('suspended')
    // The suspension is the sound's own: the page still hears `running`.
    expect(states).toEqual(['running', 'running'])
    expect(sound.state()).toBe('running')
    sound.dispose()
  })
})
