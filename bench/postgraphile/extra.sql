-- For the comparison database only (never Tongxin's migrations): the county of an activity as a
-- stored generated column, because pg-aggregates groups by columns, not by expressions or
-- computed-column functions. It gives PostGraphile a precomputed key Tongxin does not have.
ALTER TABLE activity ADD COLUMN IF NOT EXISTS county text
  GENERATED ALWAYS AS (substr(region_code, 1, 6)) STORED;
