-- API keys and the push attempt log, SQLite flavour. Keep it in step with
-- ../postgresql/V2__api_keys_and_attempts.sql.

-- A key is stored only as the SHA-256 of its text (hex); the key itself is shown once, when it is
-- made. key_id names a key for people and for revoking it; it is not a secret.
CREATE TABLE api_keys (
  key_hash   TEXT    NOT NULL PRIMARY KEY,
  key_id     TEXT    NOT NULL,
  account_id TEXT    NOT NULL REFERENCES accounts (id),
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
) WITHOUT ROWID;

CREATE UNIQUE INDEX api_keys_by_account ON api_keys (account_id, key_id);

-- Append-only: one row per delivery attempt of a push (SPEC §5: listing, quantity, time,
-- marketplace status, error). Written by the push dispatcher, read by GET /v1/pushes.
CREATE TABLE push_attempts (
  id           INTEGER PRIMARY KEY,
  account_id   TEXT    NOT NULL,
  channel_id   TEXT    NOT NULL,
  sku          TEXT    NOT NULL,
  quantity     INTEGER NOT NULL,
  version      INTEGER NOT NULL,
  attempted_at INTEGER NOT NULL,
  status       TEXT    NOT NULL,
  http_status  INTEGER,
  error        TEXT
);

CREATE INDEX push_attempts_by_account ON push_attempts (account_id, id);
CREATE INDEX push_attempts_by_sku ON push_attempts (account_id, sku, id);
CREATE INDEX push_attempts_by_status ON push_attempts (status);
