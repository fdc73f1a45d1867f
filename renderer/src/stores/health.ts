/** Engine and broker state with the ingest counters (status bar, demo badge). */
import { defineStore } from 'pinia'
import { computed, shallowRef, watch } from 'vue'
import type { Health } from '../../../electron/contract'
import { engine } from '../api/engine'
import { useConnectionStore } from './connection'

export const useHealthStore = defineStore('health', () => {
  const connection = useConnectionStore()
  const health = shallowRef<Health | null>(null)
  let started = false

  const demoMode = computed(() => Boolean(connection.appInfo?.demoMode || health.value?.demoMode))
  const brokerState = computed(() => health.value?.broker.state ?? null)

  async function refresh() {
    try {
      health.value = await engine().call('health.get')
    } catch {
      /* link dropped; refreshed on the next epoch */
    }
  }

  function start() {
    if (started) return
    started = true
    engine().on('health.onDidChange', (h) => {
      health.value = h
    })
    watch(
      () => connection.epoch,
      () => void refresh(),
      { immediate: connection.isOpen },
    )
  }

  return { health, demoMode, brokerState, start, refresh }
})
