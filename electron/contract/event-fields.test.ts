import { describe, expect, it } from 'vitest'
import { EVENT_FIELDS } from './event-fields'
import { zsEventSchema } from './index'

describe('the fields of zs.event/1', () => {
  it('are the schema’s, no more and no fewer', () => {
    expect([...EVENT_FIELDS].sort()).toEqual(Object.keys(zsEventSchema.shape).sort())
  })
})
