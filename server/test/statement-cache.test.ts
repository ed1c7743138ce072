import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '../src/db/database'
import { migrateToLatest } from '../src/db/migrate'
import { tempDir } from './support/bff'

// Each SQL string is prepared once (src/db/statement-cache.ts); these are the cases where reuse could go wrong.
let database: Database | undefined
let dir: ReturnType<typeof tempDir> | undefined
afterEach(async () => {
  await database?.close()
  dir?.remove()
})

async function openWithUsers(count: number): Promise<Database> {
  dir = tempDir('statement-cache-')
  database = openDatabase({ dataDir: dir.path })
  await migrateToLatest(database)
  const now = new Date().toISOString()
  for (let i = 0; i < count; i += 1) {
    await database.db.insertInto('users').values({
      id: `u${i}`, phone: `+86139000000${i}`, country_code: '86', pure_phone: `139000000${i}`,
      nickname: `n${i}`, avatar_url: 'https://example.com/a.png', created_at: now, updated_at: now,
    }).execute()
  }
  return database
}

describe('the SQLite statement cache', () => {
  it('streams a query, and runs it again afterwards, as often as asked', async () => {
    const { db } = await openWithUsers(3)
    const all = () => db.selectFrom('users').select('id').orderBy('id')
    for (let round = 0; round < 2; round += 1) {
      const streamed: string[] = []
      for await (const row of all().stream()) streamed.push(row.id)
      expect(streamed).toEqual(['u0', 'u1', 'u2'])
      expect((await all().execute()).map((row) => row.id)).toEqual(['u0', 'u1', 'u2'])
    }
  })

  it('gives each run its own parameters and fresh results', async () => {
    const { db } = await openWithUsers(3)
    const byId = (id: string) => db.selectFrom('users').select('nickname').where('id', '=', id).executeTakeFirst()
    expect(await byId('u1')).toEqual({ nickname: 'n1' })
    await db.updateTable('users').set({ nickname: 'renamed' }).where('id', '=', 'u1').execute()
    expect(await byId('u1')).toEqual({ nickname: 'renamed' })
    expect(await byId('u2')).toEqual({ nickname: 'n2' })
    expect(await byId('nobody')).toBeUndefined()
  })
})
