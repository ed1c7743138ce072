/**
 * The schema, as SQL both SQLite and PostgreSQL accept. Append only; never edit one that has shipped.
 * Timestamps are ISO 8601 strings from the injected clock (they sort as text, so expiry checks are plain
 * comparisons on both); ids are generated in JS.
 */
export interface Migration {
  name: string
  statements: readonly string[]
}

export const MIGRATIONS: readonly Migration[] = [
  {
    name: '0001_accounts_and_sessions',
    statements: [
      // phone: `+<country code><number>`, the account key; pure_phone: without the country code, for display.
      `create table "users" ("id" varchar(64) primary key, "phone" varchar(32) not null unique,
        "country_code" varchar(8) not null, "pure_phone" varchar(32) not null, "nickname" varchar(64) not null,
        "avatar_url" varchar(512) not null, "created_at" varchar(32) not null, "updated_at" varchar(32) not null)`,
      // One WeChat user (openid) per account and one account per openid: both columns are unique.
      `create table "wechat_identities" ("openid" varchar(128) primary key,
        "user_id" varchar(64) not null unique references "users" ("id") on delete cascade, "unionid" varchar(128),
        "created_at" varchar(32) not null, "updated_at" varchar(32) not null)`,
      // Stored only as its SHA-256; family_id is the login session it descends from.
      `create table "refresh_tokens" ("id" varchar(64) primary key, "token_hash" varchar(64) not null unique,
        "family_id" varchar(64) not null, "parent_id" varchar(64),
        "user_id" varchar(64) not null references "users" ("id") on delete cascade,
        "created_at" varchar(32) not null, "expires_at" varchar(32) not null, "rotated_at" varchar(32),
        "revoked_at" varchar(32))`,
      `create index "refresh_tokens_family_id" on "refresh_tokens" ("family_id")`,
      `create index "refresh_tokens_user_id" on "refresh_tokens" ("user_id")`,
    ],
  },
  {
    name: '0002_sessions_and_devices',
    statements: [
      // One row per sign-in on one device; its id is the family id of its refresh tokens. Ending a session
      // deletes the row (and its refresh tokens): what is not live is not kept.
      `create table "sessions" ("id" varchar(64) primary key,
        "user_id" varchar(64) not null references "users" ("id") on delete cascade,
        "platform" varchar(64) not null default '', "model" varchar(64) not null default '',
        "app_version" varchar(64) not null default '', "created_at" varchar(32) not null,
        "last_active_at" varchar(32) not null)`,
      `create index "sessions_user_id" on "sessions" ("user_id")`,
      // Sessions begun before this migration live on, with an empty device.
      `insert into "sessions" ("id", "user_id", "created_at", "last_active_at")
        select "family_id", min("user_id"), min("created_at"), max("created_at") from "refresh_tokens"
        where "revoked_at" is null and "rotated_at" is null group by "family_id"`,
      // 1 after a session was revoked: wx-login alone no longer signs this account in, until a phone-login.
      `alter table "users" add column "phone_required" integer not null default 0`,
    ],
  },
  {
    name: '0003_phone_exchanges',
    statements: [
      // One row per getuserphonenumber exchange (each is billed by WeChat): when, quick or real-time, the
      // outcome, the price in fen, and what it was for. No phone number, openid or account id: this is kept
      // after an account is deleted.
      `create table "phone_exchanges" ("at" varchar(32) not null, "mode" varchar(16) not null,
        "outcome" varchar(16) not null, "price_fen" integer not null, "purpose" varchar(16) not null)`,
      `create index "phone_exchanges_at" on "phone_exchanges" ("at")`,
    ],
  },
  {
    name: '0004_account_security',
    statements: [
      // When a session of the account was last ended on purpose (logout, revoke, a reused refresh token); with
      // the sessions' own last activity it tells when the account last had a live session (the recycled-number
      // rule). NULL for sessions ended before this migration: such an account counts as dormant since its
      // sessions' last activity, which errs toward giving a stranger a new account, never the old one.
      `alter table "users" add column "sessions_ended_at" varchar(32)`,
      // A number given up to a new account (二次放号) leaves "phone" holding a key that is never a number
      // (accounts/recycled-number.ts): the unique, not-null column stays as it is, so SQLite needs no rebuild of
      // the table three cascading foreign keys point at. Rotated refresh tokens are pruned per session by age.
      `create index "refresh_tokens_family_rotated" on "refresh_tokens" ("family_id", "rotated_at")`,
    ],
  },
  {
    name: '0005_apps_and_identities',
    statements: [
      // An account has any number of identities: one user per (platform, app), user_key being that app's user
      // id (openid; Alipay's open_id or user_id). The unionid joins apps of one platform, never across them.
      `create table "identities" ("platform" varchar(16) not null, "app" varchar(64) not null,
        "user_key" varchar(128) not null, "user_id" varchar(64) not null references "users" ("id") on delete cascade,
        "unionid" varchar(128), "created_at" varchar(32) not null, "updated_at" varchar(32) not null,
        primary key ("platform", "app", "user_key"))`,
      `create unique index "identities_user_app" on "identities" ("user_id", "platform", "app")`,
      `create index "identities_unionid" on "identities" ("platform", "unionid")`,
      // Every WeChat link carried over. Their appid is not in the database: '' until the BFF starts with its
      // WeChat app configured and adopts them (db/adopt-legacy-rows.ts).
      `insert into "identities" ("platform", "app", "user_key", "user_id", "unionid", "created_at", "updated_at")
        select 'weixin', '', "openid", "user_id", "unionid", "created_at", "updated_at" from "wechat_identities"`,
      `drop table "wechat_identities"`,
      // The app a session was signed in on ("platform" is already the device's).
      `alter table "sessions" add column "app_platform" varchar(16) not null default 'weixin'`,
      `alter table "sessions" add column "app" varchar(64) not null default ''`,
      // The app of the login that created the account (pnpm report counts new accounts per app).
      `alter table "users" add column "created_platform" varchar(16) not null default 'weixin'`,
      `alter table "users" add column "created_app" varchar(64) not null default ''`,
      `alter table "phone_exchanges" add column "platform" varchar(16) not null default 'weixin'`,
      `alter table "phone_exchanges" add column "app" varchar(64) not null default ''`,
    ],
  },
  {
    name: '0006_legacy_rows_index',
    statements: [
      // db/adopt-legacy-rows.ts runs at every start; these keep it to the rows it may change (none, once adopted)
      // instead of a scan of each table, the ledger's included. identities' primary key (platform, app, …)
      // already does that for it.
      `create index "sessions_legacy" on "sessions" ("app_platform") where "app" = ''`,
      `create index "users_legacy" on "users" ("created_platform") where "created_app" = ''`,
      `create index "phone_exchanges_legacy" on "phone_exchanges" ("platform") where "app" = ''`,
    ],
  },
]
