/**
 * The link to the engine: its state, who the engine is (app.getInfo), and the `appState` marker
 * (`<html data-app-state>`) tests and operators rely on. Every other store watches `epoch`: it is
 * incremented each time the link (re)opens, so data is re-fetched after a reconnect, when live
 * pushes may have been missed.
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { AppInfo } from '../../../electron/contract'
import type { ConnectionState } from '../api/client'
import { engine, session } from '../api/engine'
import { browserSessionEnvironment, forgetStoredToken } from '../api/session'

export type AppState = 'connecting' | 'ready' | 'offline'
export type LinkState = ConnectionState | 'reconnecting'

export const useConnectionStore = defineStore('connection', () => {
  const clientState = ref<ConnectionState>('closed')
  const everOpened = ref(false)
  const epoch = ref(0)
  const appInfo = shallowRef<AppInfo | null>(null)
  const appInfoEpoch = ref(-1)
  /** Set by the current view: has its first data for this epoch arrived? */
  const pageReady = ref(false)
  /** Which view set pageReady last (an unmounting view must not clear its successor's state). */
  let pageOwner: symbol | null = null
  let started = false

  const linkState = computed<LinkState>(() =>
    clientState.value === 'connecting' && everOpened.value ? 'reconnecting' : clientState.value,
  )
  const isOpen = computed(() => clientState.value === 'open')
  const unauthorized = computed(() => clientState.value === 'unauthorized')
  const appState = computed<AppState>(() => {
    if (clientState.value === 'open')
      return appInfoEpoch.value === epoch.value && pageReady.value ? 'ready' : 'connecting'
    if (clientState.value === 'connecting' && !everOpened.value) return 'connecting'
    return 'offline'
  })
  const windowRole = computed(() => session()?.windowRole ?? 'workstation')

  async function loadAppInfo(forEpoch: number) {
    try {
      const info = await engine().call('app.getInfo')
      if (forEpoch !== epoch.value) return
      appInfo.value = info
      appInfoEpoch.value = forEpoch
    } catch {
      /* the link dropped; the next epoch retries */
    }
  }

  function start() {
    if (started) return
    started = true
    const client = engine()
    client.onState((s) => {
      clientState.value = s
      if (s === 'open') {
        everOpened.value = true
        epoch.value++
        void loadAppInfo(epoch.value)
      } else if (s === 'unauthorized') {
        // A per-launch secret from an earlier run: drop it so a reload explains what to do.
        forgetStoredToken(browserSessionEnvironment())
      }
    })
    clientState.value = client.state
    client.connect()
  }

  function setPageReady(ready: boolean, owner: symbol | null = null) {
    pageOwner = owner
    pageReady.value = ready
  }

  function releasePage(owner: symbol) {
    if (pageOwner !== owner) return
    pageOwner = null
    pageReady.value = false
  }

  return {
    clientState,
    linkState,
    isOpen,
    unauthorized,
    everOpened,
    epoch,
    appInfo,
    appState,
    windowRole,
    pageReady,
    start,
    setPageReady,
    releasePage,
  }
})
