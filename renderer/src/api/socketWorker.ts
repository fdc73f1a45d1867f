/**
 * The worker that holds a wall window's engine WebSocket (workerSocket.ts explains why): it relays
 * the page's commands to the socket and the socket's messages, as text, to the page.
 */
import { createSocketRelay, type RelayCommand, type RelayReport } from './workerSocket'

// The renderer's TypeScript lib is the DOM's, not the worker's: the two members used, typed here.
const scope = self as unknown as {
  onmessage: ((ev: { data: RelayCommand }) => void) | null
  postMessage(report: RelayReport): void
}
const relay = createSocketRelay((report) => scope.postMessage(report))
scope.onmessage = (ev) => relay(ev.data)
