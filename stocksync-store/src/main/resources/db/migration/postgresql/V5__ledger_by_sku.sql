-- A SKU's ledger lines by the time StockSync recorded them (GET /v1/skus/{sku}/events, newest
-- first, and the reports of one SKU). Keep it in step with ../sqlite/V5__ledger_by_sku.sql.
CREATE INDEX ledger_by_sku ON ledger (account_id, sku, recorded_at);
