-- Read-back (SPEC §12): the figure each listing's marketplace held when last read, when, what it
-- was compared with and the outcome. Written by the read-back beside the engine (not with the
-- write sets): it is what a marketplace said, not what StockSync decided. `held` keeps the last
-- figure read; a failed read sets `error` and leaves it.
CREATE TABLE listing_levels (
  account_id  text COLLATE "C" NOT NULL,
  channel_id  text COLLATE "C" NOT NULL,
  sku         text COLLATE "C" NOT NULL,
  external_id text NOT NULL,
  held        bigint,
  held_at     bigint,
  outcome     text,
  expected    bigint,
  error       text,
  checked_at  bigint NOT NULL,
  PRIMARY KEY (account_id, channel_id, sku),
  FOREIGN KEY (account_id) REFERENCES accounts (id)
);

CREATE INDEX listing_levels_by_sku ON listing_levels (account_id, sku);
