-- When the pipeline was last set to start afresh (its targets emptied, its slot dropped). Recorded
-- before anything is dropped, so no savepoint or checkpoint taken before is restored over emptied
-- targets, even when the fresh start failed part way.
ALTER TABLE pipelines ADD COLUMN fresh_start_at timestamptz;
