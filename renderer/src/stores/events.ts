/**
 * Events, three ways:
 * - the workstation list: filtered, keyset-paged from `events.list`, merged live from
 *   `events.onDidChange` (see eventListModel.ts for the rules);
 * - the feed: the newest few events, unfiltered (the wall ticker);
 * - the open detail: one event with its version trace, refreshed when a newer version arrives.
 * Events are identified by their `key`, not their id: a drill event ({root}/drill/{runId}/…) may
 * share its id with a real event, and the two are different rows with different details.
 * Views activate what they show (activateList / activateFeed) and deactivate it on unmount, so a
 * wall window does not maintain the workstation list.
 */
import { defineStore } from 'pinia'
import { computed, reactive, ref, shallowRef, watch } from 'vue'
import { eventKey, type EventSummary, type MethodResult } from '../../../electron/contract'
import { engine } from '../api/engine'
import { errorCode, errorMessage } from '../api/errors'
import { throttle } from '../utils/throttle'
import { useConnectionStore } from './connection'
import {
  appendPage,
  emptyFilters,
  filtersToParams,
  mergeBatch,
  pendingForTop,
  type EventFilters,
} from './eventListModel'

export const LIST_PAGE_SIZE = 200
/** Rows kept in memory at most; beyond that the oldest are dropped (paging from SQLite finds them). */
export const LIST_MAX_ROWS = 20_000
export const FEED_SIZE = 20
export const LIVE_REDRAW_INTERVAL_MS = 250

export type EventDetail = MethodResult<'events.get'>

/** What identifies one event for `events.get`: its id and, for a drill event, its run. */
export interface EventRef {
  id: string
  drillRunId: string | null
}

export const useEventsStore = defineStore('events', () => {
  const connection = useConnectionStore()
  let subscribed = false

  // ---------- the workstation list ----------
  const filters = reactive<EventFilters>(emptyFilters())
  /** The filters of the rows on screen (what live merges must match). */
  let appliedFilters: EventFilters = emptyFilters()
  const rows = shallowRef<EventSummary[]>([])
  const nextCursor = ref<string | null>(null)
  const listLoading = ref(false)
  const listLoadingMore = ref(false)
  const listTrimmed = ref(false)
  const listError = ref<string | null>(null)
  const listEpoch = ref(-1)
  const listReady = computed(() => listEpoch.value === connection.epoch)
  const hasMore = computed(() => nextCursor.value !== null)
  let listActive = 0
  let listGeneration = 0
  /** Live batches that arrived while the first page was in flight; applied after it. */
  let listBuffer: EventSummary[][] | null = null

  async function reloadList() {
    const generation = ++listGeneration
    const forEpoch = connection.epoch
    appliedFilters = { ...filters }
    // Live items not yet drawn go to the buffer of the new query (merged by version after it).
    listBuffer = pendingForList.length ? [pendingForList] : []
    pendingForList = []
    listLoading.value = true
    listError.value = null
    try {
      const page = await engine().call('events.list', { ...filtersToParams(appliedFilters), limit: LIST_PAGE_SIZE })
      if (generation !== listGeneration) return
      rows.value = page.items
      nextCursor.value = page.nextCursor
      listTrimmed.value = false
      const pending = listBuffer ?? []
      listBuffer = null
      for (const batch of pending) mergeIntoList(batch)
      listEpoch.value = forEpoch
    } catch (e) {
      if (generation !== listGeneration) return
      listBuffer = null
      listError.value = errorMessage(e)
    } finally {
      if (generation === listGeneration) listLoading.value = false
    }
  }

  async function loadMore() {
    if (!nextCursor.value || listLoadingMore.value || listLoading.value) return
    const generation = listGeneration
    listLoadingMore.value = true
    try {
      const page = await engine().call('events.list', {
        ...filtersToParams(appliedFilters),
        cursor: nextCursor.value,
        limit: LIST_PAGE_SIZE,
      })
      if (generation !== listGeneration) return
      rows.value = appendPage(rows.value, page.items)
      nextCursor.value = page.nextCursor
    } catch (e) {
      if (generation === listGeneration) listError.value = errorMessage(e)
    } finally {
      listLoadingMore.value = false
    }
  }

  function mergeIntoList(batch: EventSummary[]) {
    const r = mergeBatch(rows.value, batch, {
      filters: appliedFilters,
      hasMore: nextCursor.value !== null || listTrimmed.value,
      maxRows: LIST_MAX_ROWS,
    })
    if (r.changed) rows.value = r.rows
    if (r.trimmed) {
      // The cursor pointed past the dropped rows; paging further would leave a gap.
      listTrimmed.value = true
      nextCursor.value = null
    }
  }

  function resetFilters() {
    Object.assign(filters, emptyFilters())
  }

  function activateList(): () => void {
    ensureSubscribed()
    listActive++
    narrowLive()
    if (connection.isOpen && !listReady.value && !listLoading.value) void reloadList()
    return () => {
      listActive = Math.max(0, listActive - 1)
      // Live merges stop while nobody shows the list: re-query when it is shown again.
      if (listActive === 0) listEpoch.value = -1
      narrowLive()
    }
  }

  // A changed filter re-queries at once (the text box debounces its own typing).
  watch(
    filters,
    () => {
      // Skip when the query in flight already uses these filters (set just before activation).
      if (listActive > 0 && JSON.stringify(filters) !== JSON.stringify(appliedFilters)) void reloadList()
    },
    { deep: true },
  )

  // ---------- the feed (newest events, unfiltered) ----------
  const feed = shallowRef<EventSummary[]>([])
  const feedEpoch = ref(-1)
  const feedReady = computed(() => feedEpoch.value === connection.epoch)
  let feedActive = 0
  let feedGeneration = 0
  let feedBuffer: EventSummary[][] | null = null
  const allEvents = emptyFilters()

  async function reloadFeed() {
    const generation = ++feedGeneration
    const forEpoch = connection.epoch
    feedBuffer = pendingForFeed.length ? [pendingForFeed] : []
    pendingForFeed = []
    try {
      const page = await engine().call('events.list', { limit: FEED_SIZE })
      if (generation !== feedGeneration) return
      feed.value = page.items
      const pending = feedBuffer ?? []
      feedBuffer = null
      for (const batch of pending) mergeIntoFeed(batch)
      feedEpoch.value = forEpoch
      narrowLive(true)
    } catch {
      if (generation === feedGeneration) feedBuffer = null
    }
  }

  function mergeIntoFeed(batch: EventSummary[]) {
    const r = mergeBatch(feed.value, batch, { filters: allEvents, hasMore: true, maxRows: FEED_SIZE })
    if (r.changed) feed.value = r.rows
  }

  function activateFeed(): () => void {
    ensureSubscribed()
    feedActive++
    if (connection.isOpen && !feedReady.value) void reloadFeed()
    return () => {
      feedActive = Math.max(0, feedActive - 1)
      if (feedActive === 0) feedEpoch.value = -1
      narrowLive()
    }
  }

  // ---------- the open event ----------
  const detailRef = shallowRef<EventRef | null>(null)
  const detailId = computed(() => detailRef.value?.id ?? null)
  /** The key of the open event (the same as `EventSummary.key`). */
  const detailKey = computed(() => (detailRef.value ? eventKey(detailRef.value.id, detailRef.value.drillRunId) : null))
  const detail = shallowRef<EventDetail | null>(null)
  const detailLoading = ref(false)
  const detailError = ref<{ notFound: boolean; message: string } | null>(null)
  let detailGeneration = 0

  async function loadDetail() {
    const open = detailRef.value
    if (!open) return
    const generation = ++detailGeneration
    detailLoading.value = true
    try {
      const d = await engine().call(
        'events.get',
        open.drillRunId ? { id: open.id, drillRunId: open.drillRunId } : { id: open.id },
      )
      if (generation !== detailGeneration) return
      detail.value = d
      detailError.value = null
    } catch (e) {
      if (generation !== detailGeneration) return
      detailError.value = { notFound: errorCode(e) === 'not_found', message: errorMessage(e) }
    } finally {
      if (generation === detailGeneration) detailLoading.value = false
    }
  }
  const refreshDetailSoon = throttle(() => void loadDetail(), 300)

  /** Opens an event: a real one by its id, a drill event by its id and run. */
  function openDetail(id: string, drillRunId: string | null = null) {
    ensureSubscribed()
    const run = drillRunId || null
    if (detailKey.value === eventKey(id, run) && (detail.value || detailLoading.value)) return
    refreshDetailSoon.cancel()
    detailRef.value = { id, drillRunId: run }
    narrowLive()
    detail.value = null
    detailError.value = null
    void loadDetail()
  }

  /** Reads the open event again now (e.g. after the platform refused a command on it). */
  function refreshDetail() {
    refreshDetailSoon.cancel()
    if (detailRef.value) void loadDetail()
  }

  function closeDetail() {
    detailGeneration++
    refreshDetailSoon.cancel()
    detailRef.value = null
    detail.value = null
    detailError.value = null
    detailLoading.value = false
    narrowLive()
  }

  // ---------- live ----------
  // The engine pushes up to ~10 batches a second; the list and the feed redraw at most ~4 times a
  // second (a virtual table re-render per batch costs more than the merge itself). The feed shows
  // FEED_SIZE events: of each batch (hundreds in a storm) it keeps only what can still show.
  let pendingForList: EventSummary[] = []
  let pendingForFeed: EventSummary[] = []
  let feedKeysOf: EventSummary[] | null = null
  let feedKeys: ReadonlySet<string> = new Set()
  const shownInFeed = () => {
    if (feedKeysOf !== feed.value) {
      feedKeysOf = feed.value
      feedKeys = new Set(feed.value.map((e) => e.key))
    }
    return feedKeys
  }
  const flushLive = throttle(() => {
    const forList = pendingForList
    const forFeed = pendingForFeed
    pendingForList = []
    pendingForFeed = []
    if (forList.length && listActive > 0 && listReady.value) mergeIntoList(forList)
    if (forFeed.length && feedActive > 0 && feedReady.value) mergeIntoFeed(forFeed)
  }, LIVE_REDRAW_INTERVAL_MS)

  // A window that shows only the feed (the wall) needs of each live batch only what can still
  // show in it: the link may narrow the batches to that (contract/newest.ts; a wall window's worker
  // does, so the page no longer parses hundreds of summaries a batch in a storm). Given anew with
  // the feed just loaded; withdrawn as soon as the list or an event's detail is shown.
  let narrowed = false
  function narrowLive(reseed = false) {
    const feedOnly = feedActive > 0 && feedReady.value && listActive === 0 && !detailRef.value
    if (feedOnly && (reseed || !narrowed)) engine().setLiveDigest({ limit: FEED_SIZE, seed: feed.value })
    else if (!feedOnly && narrowed) engine().setLiveDigest(null)
    narrowed = feedOnly
  }

  function onBatch(items: EventSummary[]) {
    if (listActive > 0) {
      if (listBuffer) listBuffer.push(items)
      else if (listReady.value) pendingForList = pendingForList.length ? pendingForList.concat(items) : items
    }
    if (feedActive > 0) {
      if (feedBuffer) feedBuffer.push(items)
      else if (feedReady.value)
        pendingForFeed = pendingForTop(
          pendingForFeed.length ? pendingForFeed.concat(items) : items,
          shownInFeed(),
          FEED_SIZE,
          allEvents,
        )
    }
    if (pendingForList.length || pendingForFeed.length) flushLive()
    const key = detailKey.value
    if (key) {
      const changed = items.find((e) => e.key === key)
      const shown = detail.value?.summary.version ?? 0
      if (changed && (changed.version > shown || changed.versionCount !== detail.value?.summary.versionCount))
        refreshDetailSoon()
    }
  }

  function ensureSubscribed() {
    if (subscribed) return
    subscribed = true
    engine().on('events.onDidChange', (data) => onBatch(data.items))
    // After a (re)connect live pushes may have been missed: re-query what is shown.
    watch(
      () => connection.epoch,
      () => {
        if (listActive > 0) void reloadList()
        if (feedActive > 0) void reloadFeed()
        if (detailRef.value) void loadDetail()
      },
    )
  }

  return {
    filters,
    rows,
    nextCursor,
    hasMore,
    listLoading,
    listLoadingMore,
    listTrimmed,
    listError,
    listReady,
    reloadList,
    loadMore,
    resetFilters,
    activateList,
    feed,
    feedReady,
    activateFeed,
    detailId,
    detailKey,
    detail,
    detailLoading,
    detailError,
    openDetail,
    refreshDetail,
    closeDetail,
  }
})
