-- StockSync schema, SQLite flavour. Keep it in step with ../postgresql/V1__create_tables.sql.
--
-- Timestamps are epoch milliseconds (INTEGER). Booleans are 0/1. Tables keyed by natural keys are
-- WITHOUT ROWID: one B-tree per table, so an insert or upsert touches one tree, not two.
--
-- Foreign keys guard the configuration tables. The hot tables (ledger, balances, push_queue) carry
-- none on purpose: the core validates every reference before it writes, and a foreign-key check
-- per ledger row would cost a lookup per referenced table on the hottest path.

CREATE TABLE accounts (
  id                    TEXT    NOT NULL PRIMARY KEY,
  name                  TEXT    NOT NULL,
  threshold             INTEGER NOT NULL,
  batch_size            INTEGER NOT NULL,
  significant_quantity  INTEGER NOT NULL,
  max_staleness_seconds INTEGER NOT NULL,
  created_at            INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE locations (
  account_id TEXT    NOT NULL REFERENCES accounts (id),
  code       TEXT    NOT NULL,
  name       TEXT    NOT NULL,
  sellable   INTEGER NOT NULL,
  PRIMARY KEY (account_id, code)
) WITHOUT ROWID;

-- Configuration (name, policy override: null = the account's) and sync state. A SKU that holds a
-- balance keeps its sync state on its balance rows instead (the same values on each): the engine
-- writes a SKU's balance and sync state in the same batch, and updating rows on pages the balance
-- upsert has just dirtied costs no extra page writes, where a separate row here costs one more
-- random page a SKU. The columns here hold the sync state of SKUs without a balance row.
CREATE TABLE skus (
  account_id            TEXT    NOT NULL REFERENCES accounts (id),
  sku                   TEXT    NOT NULL,
  name                  TEXT    NOT NULL,
  threshold             INTEGER,
  batch_size            INTEGER,
  significant_quantity  INTEGER,
  max_staleness_seconds INTEGER,
  pending               INTEGER NOT NULL DEFAULT 0,
  oldest_pending_at     INTEGER,
  last_synced_at        INTEGER,
  PRIMARY KEY (account_id, sku)
) WITHOUT ROWID;

CREATE TABLE sku_components (
  account_id TEXT    NOT NULL,
  bundle     TEXT    NOT NULL,
  position   INTEGER NOT NULL,
  component  TEXT    NOT NULL,
  quantity   INTEGER NOT NULL,
  PRIMARY KEY (account_id, bundle, position),
  FOREIGN KEY (account_id, bundle) REFERENCES skus (account_id, sku),
  FOREIGN KEY (account_id, component) REFERENCES skus (account_id, sku)
) WITHOUT ROWID;

CREATE TABLE balances (
  account_id TEXT    NOT NULL,
  sku        TEXT    NOT NULL,
  location   TEXT    NOT NULL,
  on_hand    INTEGER NOT NULL,
  reserved   INTEGER NOT NULL,
  -- The SKU's sync state, repeated on each of its balance rows (see skus below).
  pending           INTEGER NOT NULL DEFAULT 0,
  oldest_pending_at INTEGER,
  last_synced_at    INTEGER,
  PRIMARY KEY (account_id, sku, location)
) WITHOUT ROWID;

-- Append-only: rows are inserted, never updated or deleted. The primary key is also the index
-- behind duplicate-event detection.
CREATE TABLE ledger (
  account_id     TEXT    NOT NULL,
  event_id       TEXT    NOT NULL,
  line           INTEGER NOT NULL,
  type           TEXT    NOT NULL,
  sku            TEXT    NOT NULL,
  location       TEXT    NOT NULL,
  quantity       INTEGER NOT NULL,
  on_hand_delta  INTEGER NOT NULL,
  reserved_delta INTEGER NOT NULL,
  occurred_at    INTEGER,
  recorded_at    INTEGER NOT NULL,
  PRIMARY KEY (account_id, event_id, line)
) WITHOUT ROWID;

-- The database itself refuses to change history; inserts are untouched by these triggers.
CREATE TRIGGER ledger_rows_are_never_updated BEFORE UPDATE ON ledger
BEGIN
  SELECT RAISE(ABORT, 'the ledger is append-only');
END;

CREATE TRIGGER ledger_rows_are_never_deleted BEFORE DELETE ON ledger
BEGIN
  SELECT RAISE(ABORT, 'the ledger is append-only');
END;

CREATE TABLE channels (
  account_id             TEXT    NOT NULL REFERENCES accounts (id),
  id                     TEXT    NOT NULL,
  type                   TEXT    NOT NULL,
  base_url               TEXT,
  settings_json          TEXT,
  credentials            TEXT,
  enabled                INTEGER NOT NULL,
  rules_buffer           INTEGER NOT NULL,
  rules_percent          INTEGER NOT NULL,
  rules_max              INTEGER,
  rules_zero_at_or_below INTEGER NOT NULL,
  PRIMARY KEY (account_id, id)
) WITHOUT ROWID;

-- The locations a channel draws from, in the order given; none means every sellable location.
CREATE TABLE channel_locations (
  account_id TEXT    NOT NULL,
  channel_id TEXT    NOT NULL,
  position   INTEGER NOT NULL,
  location   TEXT    NOT NULL,
  PRIMARY KEY (account_id, channel_id, position),
  FOREIGN KEY (account_id, channel_id) REFERENCES channels (account_id, id),
  FOREIGN KEY (account_id, location) REFERENCES locations (account_id, code)
) WITHOUT ROWID;

CREATE TABLE listings (
  account_id      TEXT    NOT NULL,
  channel_id      TEXT    NOT NULL,
  sku             TEXT    NOT NULL,
  external_id     TEXT    NOT NULL,
  fields_json     TEXT,
  acknowledged    INTEGER,
  acknowledged_at INTEGER,
  state           TEXT    NOT NULL,
  version         INTEGER NOT NULL,
  PRIMARY KEY (account_id, channel_id, sku),
  FOREIGN KEY (account_id, channel_id) REFERENCES channels (account_id, id),
  FOREIGN KEY (account_id, sku) REFERENCES skus (account_id, sku)
) WITHOUT ROWID;

-- At most one queued push per listing: only its latest target (SPEC §5).
CREATE TABLE push_queue (
  account_id TEXT    NOT NULL,
  channel_id TEXT    NOT NULL,
  sku        TEXT    NOT NULL,
  target     INTEGER NOT NULL,
  version    INTEGER NOT NULL,
  urgency    TEXT    NOT NULL,
  queued_at  INTEGER NOT NULL,
  PRIMARY KEY (account_id, channel_id, sku)
) WITHOUT ROWID;

-- Append-only.
CREATE TABLE alerts (
  id         INTEGER PRIMARY KEY,
  account_id TEXT    NOT NULL,
  kind       TEXT    NOT NULL,
  sku        TEXT,
  detail     TEXT,
  raised_at  INTEGER NOT NULL
);

CREATE INDEX alerts_by_account ON alerts (account_id, raised_at);
