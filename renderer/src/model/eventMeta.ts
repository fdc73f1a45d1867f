/**
 * Display metadata for events that is not language: order and colours. Names come from i18n
 * (`source.*`, `status.*`, `domain.*`, `severity.*`).
 */
import {
  DOMAINS,
  EVENT_SOURCES,
  EVENT_STATUSES,
  SEVERITIES,
  type EventSource,
  type Severity,
} from '../../../electron/contract/payloads'

export { DOMAINS, EVENT_SOURCES, EVENT_STATUSES, SEVERITIES }

/** Severity colours from the glossary: 1 一般 blue, 2 较大 yellow, 3 重大 orange, 4 特别重大 red. */
export const SEVERITY_COLORS: Record<Severity, string> = {
  1: '#2f7df6',
  2: '#e6b800',
  3: '#f07c1b',
  4: '#e5322d',
}

/** Text colour that reads on each severity colour. */
export const SEVERITY_TEXT_COLORS: Record<Severity, string> = {
  1: '#ffffff',
  2: '#2b2200',
  3: '#ffffff',
  4: '#ffffff',
}

export function severityColor(severity: number): string {
  return SEVERITY_COLORS[clampSeverity(severity)]
}

export function clampSeverity(severity: number): Severity {
  if (severity >= 4) return 4
  if (severity <= 1) return 1
  return Math.round(severity) as Severity
}

/** One colour per source, stable across the workstation and the wall. */
export const SOURCE_COLORS: Record<EventSource, string> = {
  grid_patrol: '#3ba1ff',
  enforcement: '#7b6cff',
  citizen: '#2fc6a0',
  referral: '#f2b53a',
  opinion: '#ff7a59',
  video: '#39c5e8',
}

export function isKnownSource(s: string): s is EventSource {
  return (EVENT_SOURCES as readonly string[]).includes(s)
}
