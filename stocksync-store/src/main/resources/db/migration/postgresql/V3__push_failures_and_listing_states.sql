-- The retry budget per push version, and SPEC §7's listing state names; PostgreSQL flavour.
-- Keep it in step with ../sqlite/V3__push_failures_and_listing_states.sql.

-- Charged failures of the queued version so far (SPEC §5: the retry budget survives a restart).
-- A newer target is a new row value with 0; the column goes with the row it counts for.
ALTER TABLE push_queue ADD COLUMN failures integer NOT NULL DEFAULT 0;

-- SPEC §7 calls a listing with a queued push QUEUED (it was PENDING).
UPDATE listings SET state = 'QUEUED' WHERE state = 'PENDING';
