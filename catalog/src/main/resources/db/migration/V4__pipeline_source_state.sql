-- The uid of the source operator of the pipeline's last submitted job: the state a savepoint holds
-- for the source belongs to it. A MySQL/MariaDB source keeps its binlog position only there, so a
-- restore whose source would get another uid (another table selection, another reader) is refused.
ALTER TABLE pipelines ADD COLUMN source_state_id text;
