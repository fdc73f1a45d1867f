/**
 * The wall rotation as played on a wall (`#/wall/play`): the configuration from the engine, kept
 * current by `wall.onDidChangeConfig` (a shift lead's save applies at once), and the page on
 * screen now — the schedule picks the playlist, each page stays for its own duration. A new
 * playlist (schedule boundary) or a new configuration starts from its first page.
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import {
  activePlaylist,
  rotationStep,
  type WallConfigState,
  type WallPageEntry,
  type WallPlaylist,
} from '../../../electron/contract'
import { engine } from '../api/engine'
import { useConnectionStore } from './connection'

export const ROTATION_TICK_MS = 500

export interface RotationNow {
  playlist: WallPlaylist
  index: number
  entry: WallPageEntry
  remainingMs: number
}

export const useWallRotationStore = defineStore('wallRotation', () => {
  const connection = useConnectionStore()
  const state = shallowRef<WallConfigState | null>(null)
  const now = ref(Date.now())
  let startedAt = Date.now()
  let startedKey = ''
  let timer: ReturnType<typeof setInterval> | null = null
  let subscribed = false
  let active = 0

  async function load() {
    try {
      state.value = await engine().call('wall.getConfig')
    } catch {
      /* the next epoch or change tries again */
    }
  }

  const current = computed<RotationNow | null>(() => {
    const s = state.value
    if (!s) return null
    const playlist = activePlaylist(s.config, now.value)
    const key = `${s.version}\u0001${playlist.id}`
    if (key !== startedKey) {
      startedKey = key
      startedAt = now.value
    }
    const step = rotationStep(playlist, now.value - startedAt)
    return { playlist, index: step.index, entry: playlist.pages[step.index], remainingMs: step.remainingMs }
  })

  function activate(): () => void {
    active++
    if (!subscribed) {
      subscribed = true
      engine().on('wall.onDidChangeConfig', (data) => {
        const latest = data.items.at(-1)
        if (latest && (!state.value || latest.version >= state.value.version)) state.value = latest
      })
      watch(
        () => connection.epoch,
        () => active > 0 && void load(),
      )
    }
    if (connection.isOpen) void load()
    timer ??= setInterval(() => (now.value = Date.now()), ROTATION_TICK_MS)
    return () => {
      active = Math.max(0, active - 1)
      if (active === 0 && timer) {
        clearInterval(timer)
        timer = null
      }
    }
  }

  return { state, current, activate, load }
})
