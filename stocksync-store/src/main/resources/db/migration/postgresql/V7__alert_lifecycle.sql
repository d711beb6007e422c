-- Alerts with a lifecycle (SPEC §10), their thresholds, the account's destination and the
-- durable queue of changes to deliver there. Keep it in step with ../sqlite/V7__alert_lifecycle.sql.

-- Before V7 an alert was one row per occurrence, never resolved. Those rows are kept as they
-- were, under another name, for anyone who wants them; the engine no longer reads or writes them.
ALTER TABLE alerts RENAME TO alert_log_before_v7;
ALTER INDEX alerts_by_account RENAME TO alert_log_before_v7_by_account;

-- One row per alert, written when it opens and again when it resolves. At most one alert of a
-- subject (kind, sku, channel_id, location) is OPEN at a time; the engine keeps that rule.
CREATE TABLE alerts (
  account_id  text COLLATE "C" NOT NULL,
  id          bigint NOT NULL,
  kind        text NOT NULL,
  state       text NOT NULL CHECK (state IN ('OPEN', 'RESOLVED')),
  sku         text COLLATE "C",
  channel_id  text COLLATE "C",
  location    text COLLATE "C",
  opened_at   bigint NOT NULL,
  resolved_at bigint,
  details     text,
  PRIMARY KEY (account_id, id)
);

-- GET /v1/alerts: open first, newest first.
CREATE INDEX alerts_by_state ON alerts (account_id, state, opened_at, id);

-- alertAt settings: the account's default (sku = ''), a SKU's own (location = ''), a SKU's at a
-- location. A threshold that is removed is deleted.
CREATE TABLE alert_thresholds (
  account_id text COLLATE "C" NOT NULL,
  sku        text COLLATE "C" NOT NULL,
  location   text COLLATE "C" NOT NULL,
  alert_at   bigint NOT NULL,
  PRIMARY KEY (account_id, sku, location)
);

-- Where an account's alert changes are delivered. The secret is sealed like channel credentials.
CREATE TABLE alert_destinations (
  account_id text COLLATE "C" NOT NULL PRIMARY KEY,
  url        text NOT NULL,
  secret     text NOT NULL,
  updated_at bigint NOT NULL
);

-- Alert changes waiting for delivery, written in the transaction of the change (only while the
-- account has a destination) and deleted once the destination took them.
CREATE TABLE alert_deliveries (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id      text COLLATE "C" NOT NULL,
  alert_id        bigint NOT NULL,
  state           text NOT NULL,
  changed_at      bigint NOT NULL,
  attempts        bigint NOT NULL DEFAULT 0,
  next_attempt_at bigint NOT NULL,
  last_error      text
);

CREATE INDEX alert_deliveries_due ON alert_deliveries (next_attempt_at, seq);
