-- How many of a bundle's units are on open orders at each location (placed, less cancelled and
-- shipped): what its components hold reserved for it. Kept so that a change of the bundle's
-- components stays refused while any are open, across restarts. A row at 0 means none.
CREATE TABLE bundle_orders (
  account_id text COLLATE "C" NOT NULL,
  bundle     text COLLATE "C" NOT NULL,
  location   text COLLATE "C" NOT NULL,
  bundles    bigint NOT NULL CHECK (bundles >= 0),
  PRIMARY KEY (account_id, bundle, location),
  FOREIGN KEY (account_id, bundle) REFERENCES skus (account_id, sku),
  FOREIGN KEY (account_id, location) REFERENCES locations (account_id, code)
);
