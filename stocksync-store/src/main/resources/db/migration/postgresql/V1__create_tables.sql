-- StockSync schema, PostgreSQL flavour. Keep it in step with ../sqlite/V1__create_tables.sql.
--
-- Timestamps are epoch milliseconds (bigint), as in SQLite, so both stores behave alike.
-- Identifiers use COLLATE "C": keys are compared byte-wise, which makes every B-tree insert and
-- lookup cheaper than a linguistic collation, and nothing here is sorted for people.
-- Tables updated in place on every batch (skus, balances, listings, push_queue) leave room on each
-- page (fillfactor) so that their updates can stay heap-only (HOT) and skip index maintenance.
--
-- Foreign keys guard the configuration tables. The hot tables (ledger, balances, push_queue) carry
-- none on purpose: the core validates every reference before it writes, and a foreign-key trigger
-- per ledger row would cost a query per referenced table on the hottest path.

CREATE TABLE accounts (
  id                    text COLLATE "C" NOT NULL PRIMARY KEY,
  name                  text   NOT NULL,
  threshold             bigint NOT NULL,
  batch_size            bigint NOT NULL,
  significant_quantity  bigint NOT NULL,
  max_staleness_seconds bigint NOT NULL,
  created_at            bigint NOT NULL
);

CREATE TABLE locations (
  account_id text COLLATE "C" NOT NULL REFERENCES accounts (id),
  code       text COLLATE "C" NOT NULL,
  name       text    NOT NULL,
  sellable   boolean NOT NULL,
  PRIMARY KEY (account_id, code)
);

-- Configuration (name, policy override: null = the account's) and sync state. A SKU that holds a
-- balance keeps its sync state on its balance rows instead (the same values on each): the engine
-- writes a SKU's balance and sync state in the same batch, and updating rows on pages the balance
-- upsert has just dirtied costs no extra page writes, where a separate row here costs one more
-- random page a SKU. The columns here hold the sync state of SKUs without a balance row.
CREATE TABLE skus (
  account_id            text COLLATE "C" NOT NULL REFERENCES accounts (id),
  sku                   text COLLATE "C" NOT NULL,
  name                  text   NOT NULL,
  threshold             bigint,
  batch_size            bigint,
  significant_quantity  bigint,
  max_staleness_seconds bigint,
  pending               bigint NOT NULL DEFAULT 0,
  oldest_pending_at     bigint,
  last_synced_at        bigint,
  PRIMARY KEY (account_id, sku)
) WITH (fillfactor = 80);

CREATE TABLE sku_components (
  account_id text COLLATE "C" NOT NULL,
  bundle     text COLLATE "C" NOT NULL,
  position   integer NOT NULL,
  component  text COLLATE "C" NOT NULL,
  quantity   bigint  NOT NULL,
  PRIMARY KEY (account_id, bundle, position),
  FOREIGN KEY (account_id, bundle) REFERENCES skus (account_id, sku),
  FOREIGN KEY (account_id, component) REFERENCES skus (account_id, sku)
);

CREATE TABLE balances (
  account_id text COLLATE "C" NOT NULL,
  sku        text COLLATE "C" NOT NULL,
  location   text COLLATE "C" NOT NULL,
  on_hand    bigint NOT NULL,
  reserved   bigint NOT NULL,
  -- The SKU's sync state, repeated on each of its balance rows (see skus above).
  pending           bigint NOT NULL DEFAULT 0,
  oldest_pending_at bigint,
  last_synced_at    bigint,
  PRIMARY KEY (account_id, sku, location)
) WITH (fillfactor = 80);

-- Append-only: rows are inserted, never updated or deleted. The primary key is also the index
-- behind duplicate-event detection.
CREATE TABLE ledger (
  account_id     text COLLATE "C" NOT NULL,
  event_id       text COLLATE "C" NOT NULL,
  line           integer NOT NULL,
  type           text    NOT NULL,
  sku            text COLLATE "C" NOT NULL,
  location       text COLLATE "C" NOT NULL,
  quantity       bigint  NOT NULL,
  on_hand_delta  bigint  NOT NULL,
  reserved_delta bigint  NOT NULL,
  occurred_at    bigint,
  recorded_at    bigint  NOT NULL,
  PRIMARY KEY (account_id, event_id, line)
);

-- The database itself refuses to change history; inserts are untouched by this trigger.
CREATE FUNCTION ledger_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the ledger is append-only';
END;
$$;

CREATE TRIGGER ledger_rows_are_never_changed BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_is_append_only();

CREATE TABLE channels (
  account_id             text COLLATE "C" NOT NULL REFERENCES accounts (id),
  id                     text COLLATE "C" NOT NULL,
  type                   text    NOT NULL,
  base_url               text,
  settings_json          text,
  credentials            text,
  enabled                boolean NOT NULL,
  rules_buffer           bigint  NOT NULL,
  rules_percent          integer NOT NULL,
  rules_max              bigint,
  rules_zero_at_or_below bigint  NOT NULL,
  PRIMARY KEY (account_id, id)
);

-- The locations a channel draws from, in the order given; none means every sellable location.
CREATE TABLE channel_locations (
  account_id text COLLATE "C" NOT NULL,
  channel_id text COLLATE "C" NOT NULL,
  position   integer NOT NULL,
  location   text COLLATE "C" NOT NULL,
  PRIMARY KEY (account_id, channel_id, position),
  FOREIGN KEY (account_id, channel_id) REFERENCES channels (account_id, id),
  FOREIGN KEY (account_id, location) REFERENCES locations (account_id, code)
);

CREATE TABLE listings (
  account_id      text COLLATE "C" NOT NULL,
  channel_id      text COLLATE "C" NOT NULL,
  sku             text COLLATE "C" NOT NULL,
  external_id     text   NOT NULL,
  fields_json     text,
  acknowledged    bigint,
  acknowledged_at bigint,
  state           text   NOT NULL,
  version         bigint NOT NULL,
  PRIMARY KEY (account_id, channel_id, sku),
  FOREIGN KEY (account_id, channel_id) REFERENCES channels (account_id, id),
  FOREIGN KEY (account_id, sku) REFERENCES skus (account_id, sku)
) WITH (fillfactor = 80);

-- At most one queued push per listing: only its latest target (SPEC §5).
CREATE TABLE push_queue (
  account_id text COLLATE "C" NOT NULL,
  channel_id text COLLATE "C" NOT NULL,
  sku        text COLLATE "C" NOT NULL,
  target     bigint NOT NULL,
  version    bigint NOT NULL,
  urgency    text   NOT NULL,
  queued_at  bigint NOT NULL,
  PRIMARY KEY (account_id, channel_id, sku)
) WITH (fillfactor = 80);

-- Append-only.
CREATE TABLE alerts (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id text COLLATE "C" NOT NULL,
  kind       text   NOT NULL,
  sku        text COLLATE "C",
  detail     text,
  raised_at  bigint NOT NULL
);

CREATE INDEX alerts_by_account ON alerts (account_id, raised_at);
