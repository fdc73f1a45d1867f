import { onBeforeUnmount, watchEffect } from 'vue'
import { useConnectionStore } from '../stores/connection'

/**
 * Tells the connection store whether the current page has its first data, which drives
 * `<html data-app-state="ready">`.
 */
export function usePageReady(isReady: () => boolean) {
  const connection = useConnectionStore()
  const owner = Symbol('page')
  const stop = watchEffect(() => connection.setPageReady(isReady(), owner))
  onBeforeUnmount(() => {
    stop()
    connection.releasePage(owner)
  })
}
