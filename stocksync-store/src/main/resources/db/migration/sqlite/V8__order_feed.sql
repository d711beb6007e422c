-- The order feed of SPEC §9. An order line as a marketplace reported it and what became of it:
-- the SKU and location it was booked at (null while unmatched: no listing has its id) and which of
-- its fixed-id events are in the ledger. Written in the same transaction as those events.
CREATE TABLE order_lines (
  account_id       TEXT NOT NULL,
  channel_id       TEXT NOT NULL,
  order_id         TEXT NOT NULL,
  line_id          TEXT NOT NULL,
  external_id      TEXT,
  marketplace_sku  TEXT,
  quantity         INTEGER NOT NULL CHECK (quantity > 0),
  state            TEXT NOT NULL,
  reported_at      INTEGER,
  sku              TEXT,
  location         TEXT,
  placed_booked    INTEGER NOT NULL,
  cancelled_booked INTEGER NOT NULL,
  shipped_booked   INTEGER NOT NULL,
  error            TEXT,
  first_seen_at    INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  PRIMARY KEY (account_id, channel_id, order_id, line_id),
  FOREIGN KEY (account_id) REFERENCES accounts (id)
);

-- Per channel: where its polling goes on from (an opaque cursor), the watermark (the marketplace
-- time up to which every order is known to be booked), the last poll and the webhook state.
CREATE TABLE order_feeds (
  account_id         TEXT NOT NULL,
  channel_id         TEXT NOT NULL,
  cursor             TEXT,
  watermark          INTEGER,
  last_poll_at       INTEGER,
  webhook_registered INTEGER NOT NULL,
  last_error         TEXT,
  PRIMARY KEY (account_id, channel_id),
  FOREIGN KEY (account_id) REFERENCES accounts (id)
);
