-- When cdcflow first saw a run's job streaming (its copy done): how long the copy took, and since
-- when the target follows the log.
ALTER TABLE pipeline_runs ADD COLUMN streaming_at timestamptz;
