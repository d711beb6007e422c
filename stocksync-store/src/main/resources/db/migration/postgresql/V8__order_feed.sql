-- The order feed of SPEC §9. An order line as a marketplace reported it and what became of it:
-- the SKU and location it was booked at (null while unmatched: no listing has its id) and which of
-- its fixed-id events are in the ledger. Written in the same transaction as those events.
CREATE TABLE order_lines (
  account_id       text COLLATE "C" NOT NULL,
  channel_id       text COLLATE "C" NOT NULL,
  order_id         text COLLATE "C" NOT NULL,
  line_id          text COLLATE "C" NOT NULL,
  external_id      text,
  marketplace_sku  text,
  quantity         bigint NOT NULL CHECK (quantity > 0),
  state            text NOT NULL,
  reported_at      bigint,
  sku              text,
  location         text,
  placed_booked    boolean NOT NULL,
  cancelled_booked boolean NOT NULL,
  shipped_booked   boolean NOT NULL,
  error            text,
  first_seen_at    bigint NOT NULL,
  updated_at       bigint NOT NULL,
  PRIMARY KEY (account_id, channel_id, order_id, line_id),
  FOREIGN KEY (account_id) REFERENCES accounts (id)
);

-- Per channel: where its polling goes on from (an opaque cursor), the watermark (the marketplace
-- time up to which every order is known to be booked), the last poll and the webhook state.
CREATE TABLE order_feeds (
  account_id         text COLLATE "C" NOT NULL,
  channel_id         text COLLATE "C" NOT NULL,
  cursor             text,
  watermark          bigint,
  last_poll_at       bigint,
  webhook_registered boolean NOT NULL,
  last_error         text,
  PRIMARY KEY (account_id, channel_id),
  FOREIGN KEY (account_id) REFERENCES accounts (id)
);
