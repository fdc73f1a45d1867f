/**
 * An on/off phase for a flashing alarm: toggles every `halfPeriodMs` while mounted.
 *
 * Why not a CSS animation: Chromium keeps producing a compositor frame every display refresh while
 * any animation runs, even a `steps()` one whose value changes twice a second. Around the whole
 * wall canvas each frame re-composites the whole screen — with software compositing (a wall PC
 * without a working GPU, this machine's Chromium) ≈ 10 % of a core in `bench/wall-storm.ts`. A
 * class toggled by a timer changes the screen only when the phase does.
 */
import { onBeforeUnmount, ref, watch, type Ref } from 'vue'

export function createBlink(onToggle: (dim: boolean) => void, halfPeriodMs = 500) {
  let dim = false
  const timer = setInterval(() => onToggle((dim = !dim)), halfPeriodMs)
  return { stop: () => clearInterval(timer) }
}

/** While `active()`, `dim` flips every `halfPeriodMs` (false first); no timer runs otherwise. */
export function useBlink(active: () => boolean, halfPeriodMs = 500): Ref<boolean> {
  const dim = ref(false)
  let blink: ReturnType<typeof createBlink> | null = null
  const stop = () => {
    blink?.stop()
    blink = null
    dim.value = false
  }
  watch(
    active,
    (on) => {
      if (on && !blink) blink = createBlink((d) => (dim.value = d), halfPeriodMs)
      else if (!on) stop()
    },
    { immediate: true },
  )
  onBeforeUnmount(stop)
  return dim
}
