/** Malformed messages are quarantined with a reason; ingestion and the page keep working. */
import { eventTopic, makeEvent } from '../fixtures/events'
import { expect, test } from './fixtures'

test('malformed messages appear in quarantine with a reason and the workstation keeps working', async ({
  page,
  openQuarantine,
  publishRaw,
  publishEvent,
}) => {
  const quarantine = await openQuarantine(page)
  const topic = eventTopic('citizen')

  await publishRaw(topic, 'this is not JSON {')
  await expect(quarantine.rows).toHaveCount(1)
  await publishRaw(topic, makeEvent({ source: 'citizen', severity: 9 as never, title: '严重程度越界的事件' }))
  await expect(quarantine.rows).toHaveCount(2)

  for (const row of await quarantine.rows.all()) {
    await expect(row).toContainText(topic)
    await expect(quarantine.reasonOf(row)).toHaveText(/\S/)
  }
  await expect(quarantine.reasonOf(quarantine.rowContaining('严重程度越界的事件'))).toContainText(/severity/i)
  await expect(quarantine.reasonOf(quarantine.rowContaining('this is not JSON'))).toContainText(/json/i)

  const workstation = await quarantine.openWorkstationView()
  await workstation.expectCounter('quarantined', 2)
  const valid = makeEvent({ source: 'citizen', channel: '12345', title: '隔离之后的正常事件照常显示' })
  await publishEvent(valid)
  await expect(workstation.rowTitle(valid.id)).toHaveText(valid.title)
  await workstation.expectCounter('quarantined', 2)
})
