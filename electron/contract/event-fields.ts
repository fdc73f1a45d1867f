/**
 * The top-level fields of `zs.event/1` (../shared/design/mqtt-contract.md) as plain data: the
 * renderer uses them without the schema (zod stays out of the UI bundle), the engine's fast check
 * goes through each of them. `event-fields.test.ts` holds the list to the schema.
 */
export const EVENT_FIELDS = [
  'schema',
  'id',
  'version',
  'source',
  'channel',
  'domain',
  'category',
  'severity',
  'title',
  'description',
  'status',
  'location',
  'reporter',
  'assignee',
  'deadline',
  'occurredAt',
  'reportedAt',
  'updatedAt',
  'lastAction',
  'supervision',
  'satisfaction',
  'resolvedOnSite',
  'attachments',
  'relatedIds',
  'drill',
] as const
