-- When the target first held all of a table's rows and the pipeline read its log (a streaming
-- pipeline's copy of it had ended): a restored pipeline whose selection grew copies only the
-- tables without it.
ALTER TABLE pipeline_tables ADD COLUMN copied_at timestamptz;
