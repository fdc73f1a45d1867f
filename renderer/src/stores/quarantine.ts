/** Quarantined MQTT messages (admin): newest first, refreshed live on `quarantine.onDidAdd`. */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { QuarantineItem } from '../../../electron/contract'
import { engine } from '../api/engine'
import { errorCode, errorMessage } from '../api/errors'
import { throttle } from '../utils/throttle'
import { useConnectionStore } from './connection'

export type QuarantineRow = Omit<QuarantineItem, 'rawBase64'>

export const QUARANTINE_PAGE_SIZE = 100

/** Merges rows by seq, newest (highest seq) first. */
export function mergeQuarantine(
  existing: readonly QuarantineRow[],
  incoming: readonly QuarantineRow[],
): QuarantineRow[] {
  const bySeq = new Map<number, QuarantineRow>()
  for (const r of existing) bySeq.set(r.seq, r)
  for (const r of incoming) bySeq.set(r.seq, r)
  return [...bySeq.values()].sort((a, b) => b.seq - a.seq)
}

export const useQuarantineStore = defineStore('quarantine', () => {
  const connection = useConnectionStore()
  const items = shallowRef<QuarantineRow[]>([])
  const total = ref(0)
  const nextCursor = ref<number | null>(null)
  const loading = ref(false)
  const loadingMore = ref(false)
  const error = ref<string | null>(null)
  const forbidden = ref(false)
  const loadedEpoch = ref(-1)
  const ready = computed(() => loadedEpoch.value === connection.epoch || (forbidden.value && connection.isOpen))
  let active = 0
  let subscribed = false

  async function loadFirstPage() {
    const forEpoch = connection.epoch
    loading.value = true
    try {
      const page = await engine().call('quarantine.list', { limit: QUARANTINE_PAGE_SIZE })
      // Keep rows loaded further down by "load more"; the first page replaces its own range.
      items.value = loadedEpoch.value === -1 ? page.items : mergeQuarantine(items.value, page.items)
      if (loadedEpoch.value === -1) nextCursor.value = page.nextCursor
      total.value = page.total
      error.value = null
      forbidden.value = false
      loadedEpoch.value = forEpoch
    } catch (e) {
      forbidden.value = errorCode(e) === 'forbidden' || errorCode(e) === 'unauthorized'
      error.value = errorMessage(e)
    } finally {
      loading.value = false
    }
  }
  const refreshSoon = throttle(() => void loadFirstPage(), 500)

  async function loadMore() {
    if (nextCursor.value === null || loadingMore.value) return
    loadingMore.value = true
    try {
      const page = await engine().call('quarantine.list', { cursor: nextCursor.value, limit: QUARANTINE_PAGE_SIZE })
      items.value = mergeQuarantine(items.value, page.items)
      nextCursor.value = page.nextCursor
      total.value = page.total
    } catch (e) {
      error.value = errorMessage(e)
    } finally {
      loadingMore.value = false
    }
  }

  function ensureSubscribed() {
    if (subscribed) return
    subscribed = true
    engine().on('quarantine.onDidAdd', ({ count, latest }) => {
      if (active === 0 || loadedEpoch.value === -1) return
      if (count === 1) {
        items.value = mergeQuarantine(items.value, [latest])
        total.value += 1
      } else refreshSoon()
    })
    watch(
      () => connection.epoch,
      () => {
        if (active > 0) void loadFirstPage()
      },
    )
  }

  function activate(): () => void {
    ensureSubscribed()
    active++
    if (connection.isOpen && loadedEpoch.value !== connection.epoch) void loadFirstPage()
    return () => {
      active = Math.max(0, active - 1)
      if (active === 0) loadedEpoch.value = -1
    }
  }

  return { items, total, nextCursor, loading, loadingMore, error, forbidden, ready, activate, loadMore }
})
