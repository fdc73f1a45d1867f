/**
 * The drills' own database file, `drills.sqlite3` beside the hall's, kept like the duty log
 * (dutylog/dutylog-store.ts): a run's record has no upstream copy, so every write is synced
 * (`synchronous=FULL`) before the call returns. It holds the scenarios, the runs with their clock,
 * what was injected, the drill platform's latest version of every drill event or alert (so the
 * platform can answer commands after a restart), the trainees' actions, notes and the review.
 */
import { randomBytes } from 'node:crypto'
import {
  ContractFailure,
  drillInjectSchema,
  parseDrillOffset,
  type DrillAction,
  type DrillInject,
  type DrillNote,
  type DrillReview,
  type DrillRunState,
  type DrillScenario,
  type DrillScenarioDoc,
  type DrillScenarioSummary,
} from '../../contract'
import { toHallIso } from '../domain/time'
import { openDatabase, type Db } from '../store/database'
import type { Migration } from '../store/migrations'
import { DRILL_TEMPLATES } from './templates'

export const DRILLS_FILE = 'drills.sqlite3'

export const drillMigrations: Migration[] = [
  {
    id: 1,
    name: 'drill scenarios, runs, injects, platform targets, actions, notes',
    sql: `
      CREATE TABLE scenarios (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        description TEXT NOT NULL,
        injects     TEXT NOT NULL,
        builtin     INTEGER NOT NULL,
        deleted     INTEGER NOT NULL DEFAULT 0,
        updated_at  TEXT NOT NULL,
        updated_by  TEXT
      ) WITHOUT ROWID;
      CREATE TABLE runs (
        id             TEXT PRIMARY KEY,
        scenario_id    TEXT NOT NULL,
        scenario_name  TEXT NOT NULL,
        injects        TEXT NOT NULL,
        state          TEXT NOT NULL CHECK (state IN ('running', 'paused', 'finished')),
        speed          REAL NOT NULL,
        clock_ms       REAL NOT NULL,
        clock_real_ms  INTEGER NOT NULL,
        started_at     TEXT NOT NULL,
        started_ms     INTEGER NOT NULL,
        started_by     TEXT NOT NULL,
        ended_at       TEXT,
        interrupted_at TEXT,
        review         TEXT
      ) WITHOUT ROWID;
      CREATE INDEX runs_by_scenario ON runs (scenario_id, started_ms);
      CREATE TABLE run_injects (
        run_id        TEXT NOT NULL,
        inject_id     TEXT NOT NULL,
        published_ms  REAL NOT NULL,
        published_at  TEXT NOT NULL,
        confirmed     INTEGER NOT NULL DEFAULT 0,
        topic         TEXT,
        payload       TEXT,
        PRIMARY KEY (run_id, inject_id)
      ) WITHOUT ROWID;
      CREATE TABLE run_targets (
        run_id        TEXT NOT NULL,
        target_type   TEXT NOT NULL,
        target_id     TEXT NOT NULL,
        inject_id     TEXT NOT NULL,
        topic         TEXT NOT NULL,
        latest        TEXT NOT NULL,
        step_due_ms   REAL,
        PRIMARY KEY (run_id, target_type, target_id)
      ) WITHOUT ROWID;
      CREATE TABLE run_actions (
        seq          INTEGER PRIMARY KEY,
        run_id       TEXT NOT NULL,
        command_id   TEXT NOT NULL UNIQUE,
        at           TEXT NOT NULL,
        clock_ms     REAL NOT NULL,
        operator     TEXT NOT NULL,
        action       TEXT NOT NULL,
        target_type  TEXT NOT NULL,
        target_id    TEXT NOT NULL,
        inject_id    TEXT,
        unit_id      TEXT,
        result       TEXT NOT NULL
      );
      CREATE INDEX run_actions_by_run ON run_actions (run_id, seq);
      CREATE TABLE run_notes (
        seq      INTEGER PRIMARY KEY,
        run_id   TEXT NOT NULL,
        at       TEXT NOT NULL,
        clock_ms REAL NOT NULL,
        author   TEXT NOT NULL,
        text     TEXT NOT NULL
      );
      CREATE INDEX run_notes_by_run ON run_notes (run_id, seq);
    `,
  },
]

export interface RunRow {
  id: string
  scenario_id: string
  scenario_name: string
  injects: string
  state: DrillRunState
  speed: number
  clock_ms: number
  clock_real_ms: number
  started_at: string
  started_ms: number
  started_by: string
  ended_at: string | null
  interrupted_at: string | null
  review: string | null
}

export interface TargetRow {
  run_id: string
  target_type: 'event' | 'video_alert'
  target_id: string
  inject_id: string
  topic: string
  latest: string
  step_due_ms: number | null
}

interface ScenarioRow {
  id: string
  name: string
  description: string
  injects: string
  builtin: number
  updated_at: string
  updated_by: string | null
}

/** Injects of a stored scenario; a row that no longer parses (older version) keeps what still does. */
function parseInjects(json: string): DrillInject[] {
  const raw = JSON.parse(json) as unknown[]
  return raw.flatMap((i) => {
    const r = drillInjectSchema.safeParse(i)
    return r.success ? [r.data] : []
  })
}

const toScenario = (r: ScenarioRow): DrillScenario => ({
  id: r.id,
  name: r.name,
  description: r.description,
  injects: parseInjects(r.injects),
  builtin: r.builtin === 1,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
})

export const durationOf = (injects: readonly DrillInject[]) =>
  injects.reduce((m, i) => Math.max(m, parseDrillOffset(i.at)), 0)

export function openDrillStore(opts: { dataDir: string; now?: () => number }) {
  const now = opts.now ?? Date.now
  const db: Db = openDatabase({ dataDir: opts.dataDir, fileName: DRILLS_FILE, migrations: drillMigrations })
  // Every write on disk before the call returns, like the duty log: a drill record has no upstream copy.
  db.pragma('synchronous = FULL')

  // The templates are offered once; a trainer may edit or delete them (a deleted one stays deleted).
  const seed = db.prepare(
    `INSERT OR IGNORE INTO scenarios (id, name, description, injects, builtin, updated_at, updated_by)
     VALUES (?, ?, ?, ?, 1, ?, NULL)`,
  )
  db.transaction(() => {
    for (const t of DRILL_TEMPLATES) seed.run(t.id, t.name, t.description, JSON.stringify(t.injects), toHallIso(now()))
  })()

  const stmts = {
    scenario: db.prepare<[string], ScenarioRow>('SELECT * FROM scenarios WHERE id = ? AND deleted = 0'),
    scenarios: db.prepare<[], ScenarioRow & { runs: number }>(
      `SELECT s.*, (SELECT count(*) FROM runs r WHERE r.scenario_id = s.id) AS runs
       FROM scenarios s WHERE deleted = 0 ORDER BY builtin DESC, name`,
    ),
    upsertScenario: db.prepare(
      `INSERT INTO scenarios (id, name, description, injects, builtin, updated_at, updated_by)
       VALUES (@id, @name, @description, @injects, 0, @updated_at, @updated_by)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description,
         injects = excluded.injects, deleted = 0, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    ),
    deleteScenario: db.prepare('UPDATE scenarios SET deleted = 1 WHERE id = ?'),
    run: db.prepare<[string], RunRow>('SELECT * FROM runs WHERE id = ?'),
    runs: db.prepare<[], RunRow>('SELECT * FROM runs ORDER BY started_ms DESC LIMIT 200'),
    runsOf: db.prepare<[string], RunRow>('SELECT * FROM runs WHERE scenario_id = ? ORDER BY started_ms DESC LIMIT 200'),
    active: db.prepare<[], RunRow>("SELECT * FROM runs WHERE state IN ('running', 'paused') ORDER BY started_ms DESC"),
    insertRun: db.prepare(
      `INSERT INTO runs (id, scenario_id, scenario_name, injects, state, speed, clock_ms, clock_real_ms, started_at,
         started_ms, started_by) VALUES (@id, @scenario_id, @scenario_name, @injects, 'running', @speed, 0, @now, @at, @now, @by)`,
    ),
    setClock: db.prepare(
      'UPDATE runs SET state = @state, speed = @speed, clock_ms = @clock_ms, clock_real_ms = @clock_real_ms WHERE id = @id',
    ),
    finish: db.prepare(
      "UPDATE runs SET state = 'finished', clock_ms = ?, clock_real_ms = ?, ended_at = ? WHERE id = ?",
    ),
    interrupt: db.prepare("UPDATE runs SET state = 'paused', interrupted_at = ? WHERE id = ?"),
    setReview: db.prepare('UPDATE runs SET review = ? WHERE id = ?'),
    injected: db.prepare<
      [string],
      {
        inject_id: string
        published_ms: number
        published_at: string
        confirmed: number
        topic: string | null
        payload: string | null
      }
    >('SELECT inject_id, published_ms, published_at, confirmed, topic, payload FROM run_injects WHERE run_id = ?'),
    addInjected: db.prepare(
      `INSERT OR IGNORE INTO run_injects (run_id, inject_id, published_ms, published_at, topic, payload)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    confirmInjected: db.prepare('UPDATE run_injects SET confirmed = 1 WHERE run_id = ? AND inject_id = ?'),
    target: db.prepare<[string, string, string], TargetRow>(
      'SELECT * FROM run_targets WHERE run_id = ? AND target_type = ? AND target_id = ?',
    ),
    targetsOf: db.prepare<[string], TargetRow>('SELECT * FROM run_targets WHERE run_id = ?'),
    putTarget: db.prepare(
      `INSERT INTO run_targets (run_id, target_type, target_id, inject_id, topic, latest, step_due_ms)
       VALUES (@run_id, @target_type, @target_id, @inject_id, @topic, @latest, @step_due_ms)
       ON CONFLICT (run_id, target_type, target_id) DO UPDATE SET latest = excluded.latest, topic = excluded.topic,
         step_due_ms = excluded.step_due_ms`,
    ),
    dueSteps: db.prepare<[string, number], TargetRow>(
      'SELECT * FROM run_targets WHERE run_id = ? AND step_due_ms IS NOT NULL AND step_due_ms <= ? ORDER BY step_due_ms',
    ),
    addAction: db.prepare(
      `INSERT OR IGNORE INTO run_actions (run_id, command_id, at, clock_ms, operator, action, target_type, target_id,
         inject_id, unit_id, result)
       VALUES (@run_id, @command_id, @at, @clock_ms, @operator, @action, @target_type, @target_id, @inject_id, @unit_id, @result)`,
    ),
    actionResult: db.prepare<[string], { result: string }>('SELECT result FROM run_actions WHERE command_id = ?'),
    actions: db.prepare<[string], Record<string, unknown>>('SELECT * FROM run_actions WHERE run_id = ? ORDER BY seq'),
    addNote: db.prepare('INSERT INTO run_notes (run_id, at, clock_ms, author, text) VALUES (?, ?, ?, ?, ?)'),
    notes: db.prepare<[string], DrillNote>(
      'SELECT at, clock_ms AS clockMs, author, text FROM run_notes WHERE run_id = ? ORDER BY seq',
    ),
  }

  const recordInjectedTx = db.transaction(
    (
      runId: string,
      injectId: string,
      clockMs: number,
      at: string,
      sent: { topic: string; payload: string } | null,
      target: Omit<TargetRow, 'run_id'> | null,
    ) => {
      stmts.addInjected.run(runId, injectId, clockMs, at, sent?.topic ?? null, sent?.payload ?? null)
      if (target) stmts.putTarget.run({ run_id: runId, ...target })
    },
  )

  function getScenario(id: string): DrillScenario {
    const row = stmts.scenario.get(id)
    if (!row) throw new ContractFailure('not_found', `演练预案 ${id} 不存在`)
    return toScenario(row)
  }

  return {
    listScenarios(): DrillScenarioSummary[] {
      return stmts.scenarios.all().map((r) => {
        const { injects, ...rest } = toScenario(r)
        return { ...rest, injectCount: injects.length, durationMs: durationOf(injects), runCount: r.runs }
      })
    },
    getScenario,
    saveScenario(id: string | undefined, doc: DrillScenarioDoc, by: string | null): DrillScenario {
      const scenarioId = id ?? `sc-${randomBytes(5).toString('hex')}`
      stmts.upsertScenario.run({
        id: scenarioId,
        name: doc.name,
        description: doc.description,
        injects: JSON.stringify(doc.injects),
        updated_at: toHallIso(now()),
        updated_by: by,
      })
      return getScenario(scenarioId)
    },
    deleteScenario(id: string) {
      getScenario(id)
      stmts.deleteScenario.run(id)
    },
    createRun(r: { id: string; scenario: DrillScenario; speed: number; by: string }): RunRow {
      const t = now()
      stmts.insertRun.run({
        id: r.id,
        scenario_id: r.scenario.id,
        scenario_name: r.scenario.name,
        injects: JSON.stringify(r.scenario.injects),
        speed: r.speed,
        now: t,
        at: toHallIso(t),
        by: r.by,
      })
      return stmts.run.get(r.id)!
    },
    run: (id: string) => stmts.run.get(id) ?? null,
    runs: (scenarioId?: string) => (scenarioId ? stmts.runsOf.all(scenarioId) : stmts.runs.all()),
    activeRuns: () => stmts.active.all(),
    setClock(id: string, c: { state: DrillRunState; speed: number; clockMs: number; realMs: number }) {
      stmts.setClock.run({ id, state: c.state, speed: c.speed, clock_ms: c.clockMs, clock_real_ms: c.realMs })
    },
    finishRun(id: string, clockMs: number, realMs: number) {
      stmts.finish.run(clockMs, realMs, toHallIso(realMs), id)
    },
    markInterrupted(id: string, atMs: number) {
      stmts.interrupt.run(toHallIso(atMs), id)
    },
    setReview(id: string, review: DrillReview) {
      stmts.setReview.run(JSON.stringify(review), id)
    },
    injected: (runId: string) => stmts.injected.all(runId),
    /** One inject published: its record and the platform's first version of its target, in one commit. */
    recordInjected(
      runId: string,
      injectId: string,
      clockMs: number,
      realMs: number,
      sent: { topic: string; payload: string } | null,
      target: Omit<TargetRow, 'run_id'> | null,
    ): void {
      recordInjectedTx(runId, injectId, clockMs, toHallIso(realMs), sent, target)
    },
    confirmInjected: (runId: string, injectId: string): void => void stmts.confirmInjected.run(runId, injectId),
    target: (runId: string, type: string, id: string) => stmts.target.get(runId, type, id) ?? null,
    targets: (runId: string) => stmts.targetsOf.all(runId),
    putTarget: (row: TargetRow): void => void stmts.putTarget.run(row),
    dueSteps: (runId: string, clockMs: number) => stmts.dueSteps.all(runId, clockMs),
    /** Returns false when the command was already recorded (a republished command). */
    addAction(runId: string, commandId: string, a: Omit<DrillAction, 'result'> & { result: string }): boolean {
      return (
        stmts.addAction.run({
          run_id: runId,
          command_id: commandId,
          at: a.at,
          clock_ms: a.clockMs,
          operator: a.operator,
          action: a.action,
          target_type: a.targetType,
          target_id: a.targetId,
          inject_id: a.injectId,
          unit_id: a.unitId,
          result: a.result,
        }).changes > 0
      )
    },
    /** What the drill platform answered to a command already recorded (a repeat after a restart). */
    actionResult: (commandId: string) => stmts.actionResult.get(commandId)?.result ?? null,
    actions(runId: string): DrillAction[] {
      return stmts.actions.all(runId).map((r) => ({
        at: r.at as string,
        clockMs: r.clock_ms as number,
        operator: r.operator as string,
        action: r.action as string,
        targetType: r.target_type as 'event' | 'video_alert',
        targetId: r.target_id as string,
        injectId: (r.inject_id as string | null) ?? null,
        unitId: (r.unit_id as string | null) ?? null,
        result: r.result as string,
      }))
    },
    addNote(runId: string, note: DrillNote) {
      stmts.addNote.run(runId, note.at, note.clockMs, note.author, note.text)
    },
    notes: (runId: string) => stmts.notes.all(runId),
    close: (): void => void db.close(),
  }
}
export type DrillStore = ReturnType<typeof openDrillStore>
