-- The columns of each table as the pipeline's last submitted job was given them (its spec's
-- columns, as JSON). A job that resumes from a savepoint or checkpoint reads the log from then on,
-- whose rows have the columns of then: it is given these again, and meets what changed since in
-- the log, in order, as if it had run (see docs/schema-changes.md).
CREATE TABLE pipeline_table_columns (
    pipeline_id   uuid        NOT NULL REFERENCES pipelines (id) ON DELETE CASCADE,
    source_schema text        NOT NULL,
    source_table  text        NOT NULL,
    key_columns   text[]      NOT NULL,
    columns       jsonb       NOT NULL,
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (pipeline_id, source_schema, source_table)
);
