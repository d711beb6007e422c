-- Alerts with a lifecycle (SPEC §10), their thresholds, the account's destination and the
-- durable queue of changes to deliver there. Keep it in step with ../postgresql/V7__alert_lifecycle.sql.

-- Before V7 an alert was one row per occurrence, never resolved. Those rows are kept as they
-- were, under another name, for anyone who wants them; the engine no longer reads or writes them.
ALTER TABLE alerts RENAME TO alert_log_before_v7;
DROP INDEX alerts_by_account;
CREATE INDEX alert_log_before_v7_by_account ON alert_log_before_v7 (account_id, raised_at);

-- One row per alert, written when it opens and again when it resolves. At most one alert of a
-- subject (kind, sku, channel_id, location) is OPEN at a time; the engine keeps that rule.
CREATE TABLE alerts (
  account_id  TEXT NOT NULL,
  id          INTEGER NOT NULL,
  kind        TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('OPEN', 'RESOLVED')),
  sku         TEXT,
  channel_id  TEXT,
  location    TEXT,
  opened_at   INTEGER NOT NULL,
  resolved_at INTEGER,
  details     TEXT,
  PRIMARY KEY (account_id, id)
);

-- GET /v1/alerts: open first, newest first.
CREATE INDEX alerts_by_state ON alerts (account_id, state, opened_at, id);

-- alertAt settings: the account's default (sku = ''), a SKU's own (location = ''), a SKU's at a
-- location. A threshold that is removed is deleted.
CREATE TABLE alert_thresholds (
  account_id TEXT NOT NULL,
  sku        TEXT NOT NULL,
  location   TEXT NOT NULL,
  alert_at   INTEGER NOT NULL,
  PRIMARY KEY (account_id, sku, location)
);

-- Where an account's alert changes are delivered. The secret is sealed like channel credentials.
CREATE TABLE alert_destinations (
  account_id TEXT NOT NULL PRIMARY KEY,
  url        TEXT NOT NULL,
  secret     TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Alert changes waiting for delivery, written in the transaction of the change (only while the
-- account has a destination) and deleted once the destination took them.
CREATE TABLE alert_deliveries (
  seq INTEGER PRIMARY KEY,
  account_id      TEXT NOT NULL,
  alert_id        INTEGER NOT NULL,
  state           TEXT NOT NULL,
  changed_at      INTEGER NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT
);

CREATE INDEX alert_deliveries_due ON alert_deliveries (next_attempt_at, seq);
