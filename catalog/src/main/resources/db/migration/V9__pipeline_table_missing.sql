-- Since when a table the pipeline's job moves is no longer at the source (dropped or renamed there
-- while the job ran); null while it is there.
ALTER TABLE pipeline_tables ADD COLUMN missing_since timestamptz;
