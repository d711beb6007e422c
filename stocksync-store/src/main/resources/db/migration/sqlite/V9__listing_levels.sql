-- Read-back (SPEC §12): the figure each listing's marketplace held when last read, when, what it
-- was compared with and the outcome. Written by the read-back beside the engine (not with the
-- write sets): it is what a marketplace said, not what StockSync decided. `held` keeps the last
-- figure read; a failed read sets `error` and leaves it.
CREATE TABLE listing_levels (
  account_id  TEXT    NOT NULL,
  channel_id  TEXT    NOT NULL,
  sku         TEXT    NOT NULL,
  external_id TEXT    NOT NULL,
  held        INTEGER,
  held_at     INTEGER,
  outcome     TEXT,
  expected    INTEGER,
  error       TEXT,
  checked_at  INTEGER NOT NULL,
  PRIMARY KEY (account_id, channel_id, sku),
  FOREIGN KEY (account_id) REFERENCES accounts (id)
) WITHOUT ROWID;

CREATE INDEX listing_levels_by_sku ON listing_levels (account_id, sku);
