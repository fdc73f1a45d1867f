/** The reference data summary: county and townships (filters, labels). */
import { defineStore } from 'pinia'
import { computed, shallowRef, watch } from 'vue'
import type { RegistrySummary } from '../../../electron/contract'
import { engine } from '../api/engine'
import { useConnectionStore } from './connection'

export const useRegistryStore = defineStore('registry', () => {
  const connection = useConnectionStore()
  const summary = shallowRef<RegistrySummary | null>(null)
  let started = false

  const townships = computed(() => summary.value?.townships ?? [])
  const countyName = computed(() => summary.value?.county?.name ?? '')

  async function refresh() {
    try {
      summary.value = await engine().call('registry.getSummary')
    } catch {
      /* retried on the next epoch */
    }
  }

  function start() {
    if (started) return
    started = true
    engine().on('registry.onDidChange', (s) => {
      summary.value = s
    })
    watch(
      () => connection.epoch,
      () => void refresh(),
      { immediate: connection.isOpen },
    )
  }

  return { summary, townships, countyName, start, refresh }
})
