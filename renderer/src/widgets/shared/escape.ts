/**
 * ECharts renders tooltip formatter strings as HTML. Anything that may contain text from outside
 * (MQTT) must go through this before it reaches a formatter.
 */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c)
}
