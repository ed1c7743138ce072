import type { Kysely, Migration, MigrationProvider } from 'kysely'

// Static list (no filesystem scan): works the same under tsx, a bundle or tests. Append only; never edit one
// that has shipped. Column types are the ones both SQLite and PostgreSQL accept.
const migrations: Record<string, Migration> = {
  '0001_accounts_and_sessions': {
    async up(db: Kysely<unknown>) {
      await db.schema.createTable('users')
        .addColumn('id', 'varchar(64)', (col) => col.primaryKey())
        .addColumn('phone', 'varchar(32)', (col) => col.notNull().unique())
        .addColumn('country_code', 'varchar(8)', (col) => col.notNull())
        .addColumn('pure_phone', 'varchar(32)', (col) => col.notNull())
        .addColumn('nickname', 'varchar(64)', (col) => col.notNull())
        .addColumn('avatar_url', 'varchar(512)', (col) => col.notNull())
        .addColumn('created_at', 'varchar(32)', (col) => col.notNull())
        .addColumn('updated_at', 'varchar(32)', (col) => col.notNull())
        .execute()

      await db.schema.createTable('wechat_identities')
        .addColumn('openid', 'varchar(128)', (col) => col.primaryKey())
        .addColumn('user_id', 'varchar(64)', (col) => col.notNull().unique().references('users.id').onDelete('cascade'))
        .addColumn('unionid', 'varchar(128)')
        .addColumn('created_at', 'varchar(32)', (col) => col.notNull())
        .addColumn('updated_at', 'varchar(32)', (col) => col.notNull())
        .execute()

      await db.schema.createTable('refresh_tokens')
        .addColumn('id', 'varchar(64)', (col) => col.primaryKey())
        .addColumn('token_hash', 'varchar(64)', (col) => col.notNull().unique())
        .addColumn('family_id', 'varchar(64)', (col) => col.notNull())
        .addColumn('parent_id', 'varchar(64)')
        .addColumn('user_id', 'varchar(64)', (col) => col.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'varchar(32)', (col) => col.notNull())
        .addColumn('expires_at', 'varchar(32)', (col) => col.notNull())
        .addColumn('rotated_at', 'varchar(32)')
        .addColumn('revoked_at', 'varchar(32)')
        .execute()
      await db.schema.createIndex('refresh_tokens_family_id').on('refresh_tokens').column('family_id').execute()
      await db.schema.createIndex('refresh_tokens_user_id').on('refresh_tokens').column('user_id').execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('refresh_tokens').execute()
      await db.schema.dropTable('wechat_identities').execute()
      await db.schema.dropTable('users').execute()
    },
  },
}

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
}
