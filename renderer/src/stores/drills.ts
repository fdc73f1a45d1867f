/**
 * Drills (应急演练) as the trainer's page and every screen's banner see them: the scenarios, the
 * run in progress (live, `drills.onDidChange`), the runs so far and one run's report.
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type {
  DrillReport,
  DrillReview,
  DrillRun,
  DrillScenario,
  DrillScenarioDoc,
  DrillScenarioSummary,
  MethodResult,
} from '../../../electron/contract'
import { engine } from '../api/engine'
import { useConnectionStore } from './connection'
import { saveBase64File } from './reports'

/** The run clock now, between the engine's updates: a running clock moves at its speed. */
export function runClockMs(run: DrillRun, receivedAtMs: number, nowMs: number): number {
  return run.state === 'running' ? run.clockMs + Math.max(0, nowMs - receivedAtMs) * run.speed : run.clockMs
}

export const useDrillsStore = defineStore('drills', () => {
  const connection = useConnectionStore()
  const active = shallowRef<DrillRun | null>(null)
  /** When `active` was received (to move its clock locally). */
  const activeAt = ref(0)
  const activeLoaded = ref(false)
  const scenarios = shallowRef<DrillScenarioSummary[]>([])
  const runs = shallowRef<DrillRun[]>([])
  const report = shallowRef<DrillReport | null>(null)
  const reportRunId = ref<string | null>(null)
  const registry = shallowRef<MethodResult<'registry.get'>['registry']>(null)
  let watching = false

  function setActive(run: DrillRun | null) {
    active.value = run && run.state !== 'finished' ? run : null
    activeAt.value = Date.now()
  }

  async function loadActive() {
    try {
      setActive(await engine().call('drills.getActive', {}))
    } finally {
      activeLoaded.value = true
    }
  }

  /** The banner on every screen: the active run, kept current (reloaded after a reconnect). */
  function watchActive() {
    if (watching) return
    watching = true
    engine().on('drills.onDidChange', ({ items }) => {
      for (const run of items) {
        if (run.state === 'finished') {
          if (active.value?.id === run.id) setActive(null)
          runs.value = runs.value.map((r) => (r.id === run.id ? run : r))
          if (reportRunId.value === run.id) void loadReport(run.id)
        } else setActive(run)
        if (!runs.value.some((r) => r.id === run.id)) void loadRuns()
      }
      if (reportRunId.value && items.some((r) => r.id === reportRunId.value)) void loadReport(reportRunId.value)
    })
    watch(
      () => (connection.isOpen ? connection.epoch : -1),
      (epoch) => {
        if (epoch >= 0) void loadActive().catch(() => {})
      },
      { immediate: true },
    )
  }

  /** The reference data the scenario editor picks from (townships, villages, units, communities). */
  async function loadRegistry() {
    registry.value = (await engine().call('registry.get', {})).registry
  }
  async function loadScenarios() {
    scenarios.value = (await engine().call('drills.listScenarios', {})).items
  }
  async function loadRuns() {
    runs.value = (await engine().call('drills.listRuns', {})).items
  }
  const getScenario = (id: string): Promise<DrillScenario> => engine().call('drills.getScenario', { id })

  async function saveScenario(id: string | undefined, scenario: DrillScenarioDoc) {
    const saved = await engine().call('drills.saveScenario', { ...(id ? { id } : {}), scenario })
    await loadScenarios()
    return saved
  }
  async function deleteScenario(id: string) {
    await engine().call('drills.deleteScenario', { id })
    await loadScenarios()
  }
  async function importScenario(json: string) {
    const saved = await engine().call('drills.importScenario', { json })
    await loadScenarios()
    return saved
  }
  async function exportScenario(id: string) {
    const file = await engine().call('drills.exportScenario', { id })
    const base64 = btoa(String.fromCharCode(...new TextEncoder().encode(file.json)))
    saveBase64File({ filename: file.filename, mime: 'application/json', base64 })
  }

  async function start(scenarioId: string, speed: number) {
    const run = await engine().call('drills.start', { scenarioId, speed })
    setActive(run)
    await loadRuns()
    return run
  }
  const control = async (op: 'pause' | 'resume' | 'skip' | 'finish') => {
    if (!active.value) return
    const runId = active.value.id
    const run = await engine().call(`drills.${op}`, { runId })
    setActive(run)
    if (op === 'finish') {
      await loadRuns()
      await loadReport(runId)
    }
  }
  async function setSpeed(speed: number) {
    if (!active.value) return
    setActive(await engine().call('drills.setSpeed', { runId: active.value.id, speed }))
  }
  async function addNote(text: string) {
    if (!active.value) return
    await engine().call('drills.addNote', { runId: active.value.id, text })
    if (reportRunId.value === active.value.id) await loadReport(active.value.id)
  }

  async function loadReport(runId: string) {
    reportRunId.value = runId
    const r = await engine().call('drills.getReport', { runId })
    if (reportRunId.value === runId) report.value = r
  }
  async function saveReview(review: DrillReview) {
    if (!reportRunId.value) return
    await engine().call('drills.saveReview', { runId: reportRunId.value, review })
    await loadReport(reportRunId.value)
  }
  async function exportReport(format: 'pdf' | 'xlsx') {
    if (!reportRunId.value) return
    saveBase64File(await engine().call('drills.exportReport', { runId: reportRunId.value, format }))
  }

  return {
    active,
    activeAt,
    activeLoaded,
    isActive: computed(() => active.value !== null),
    scenarios,
    runs,
    report,
    reportRunId,
    watchActive,
    registry,
    loadRegistry,
    loadActive,
    loadScenarios,
    loadRuns,
    getScenario,
    saveScenario,
    deleteScenario,
    importScenario,
    exportScenario,
    start,
    control,
    setSpeed,
    addNote,
    loadReport,
    saveReview,
    exportReport,
  }
})
