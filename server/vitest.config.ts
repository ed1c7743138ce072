import { defineConfig } from 'vitest/config'

const postgres = process.env.TEST_DATABASE_URL?.trim()
if (!postgres) console.log('[skip] project "postgres": TEST_DATABASE_URL is not set, so the BFF suite runs on the embedded database only')

// Files that pick their database themselves (or use none): they run once, in "embedded".
const DATABASE_AGNOSTIC = [
  'test/config.test.ts', // no database
  'test/readme-layout.test.ts', // no database
  'test/logger-redaction.test.ts', // no database
  'test/statement-cache.test.ts', // the SQLite statement cache, on SQLite by definition
  'test/production.test.ts', // its own BFF on the embedded database; the BFF suite covers PostgreSQL
  'test/dev-mode.test.ts', // dev mode is the embedded database by definition
  'test/dev-platforms.test.ts',
  'test/process.test.ts', // spawned processes; two-instances.test.ts spawns them on PostgreSQL
  'test/artifact.test.ts', // the deployable folder, on the embedded database
  'test/slow-clients.test.ts', // HTTP time limits, before any database work
  'test/database-outage.test.ts', // SQLite locks; postgres-outage.test.ts is PostgreSQL's
  'test/postgres-outage.test.ts',
  'test/two-instances.test.ts',
  'test/forward-auth.test.ts', // a real nginx in front; the BFF suite covers PostgreSQL
  'test/redis/**',
]

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    projects: [
      { extends: true, test: { name: 'embedded', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] } },
      // The BFF suite again, each BFF on a schema of its own in TEST_DATABASE_URL (see test/support/bff.ts).
      ...(postgres
        ? [{
            extends: true as const,
            test: { name: 'postgres', include: ['test/**/*.test.ts'], exclude: DATABASE_AGNOSTIC, env: { BFF_TEST_DATABASE: 'postgres' } },
          }]
        : []),
    ],
  },
})
