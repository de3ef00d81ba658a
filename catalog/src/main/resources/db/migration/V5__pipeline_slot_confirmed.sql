-- Where the pipeline's replication slot stood when its last job stopped cleanly. No job reads the
-- slot while the pipeline is stopped, so a slot that stands further on at the next start was made
-- again or read by another client: the changes between the two positions are gone.
ALTER TABLE pipelines ADD COLUMN slot_confirmed_lsn text;
