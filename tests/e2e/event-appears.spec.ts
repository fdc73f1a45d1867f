/** An event published to Mosquitto shows up in the duty officer's live list. */
import { makeEvent } from '../fixtures/events'
import { expect, test } from './fixtures'

test('an event published while the workstation is open appears live', async ({
  page,
  openWorkstation,
  publishEvent,
}) => {
  const workstation = await openWorkstation(page)
  await workstation.expectBrokerConnected()
  const event = makeEvent({ title: '乐平镇南关村供水管道破裂，路面积水严重' })

  await publishEvent(event)

  await expect(workstation.row(event.id)).toBeVisible()
  await expect(workstation.rowTitle(event.id)).toHaveText(event.title)
})

test('events stored before the page opens are listed when it opens', async ({
  page,
  openWorkstation,
  publishEvent,
  counters,
}) => {
  const first = makeEvent({ title: '皋落镇集市占道经营' })
  const second = makeEvent({ title: '冶头镇村道路灯损坏' })
  await publishEvent(first)
  await publishEvent(second)
  await expect.poll(async () => (await counters()).stored).toBe(2)

  const workstation = await openWorkstation(page)

  await expect(workstation.rowTitle(first.id)).toHaveText(first.title)
  await expect(workstation.rowTitle(second.id)).toHaveText(second.title)
  await expect(workstation.rows).toHaveCount(2)
})

test('the text filter narrows the list', async ({ page, openWorkstation, publishEvent }) => {
  const workstation = await openWorkstation(page)
  const water = makeEvent({ title: '城区小区自来水浑浊发黄' })
  const road = makeEvent({ title: '界都乡通村公路塌陷' })
  await publishEvent(water)
  await publishEvent(road)
  await expect(workstation.rows).toHaveCount(2)

  await workstation.filterByText('自来水')

  await expect(workstation.row(water.id)).toBeVisible()
  await expect(workstation.row(road.id)).toHaveCount(0)
})
