-- The key that seals channel credentials, kept in the database it belongs to (SPEC §6) when the
-- configuration names none: a PostgreSQL store has no directory of its own to keep a key file in.
-- SQLite keeps its key in a file beside the database file instead, so it has no such table.
-- One row; the first server to start on an empty store writes it, every later one reads it.
CREATE TABLE secret_keys (
  id         text COLLATE "C" NOT NULL PRIMARY KEY,
  key_base64 text NOT NULL,
  created_at bigint NOT NULL
);
