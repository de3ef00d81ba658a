-- Differences between a streaming pipeline's source and target that the continuous verifier found
-- in one key range and found again after the pipeline's lag had passed (so no row in flight): open
-- until a later check of the range finds it equal.
CREATE TABLE verification_findings (
    id                  uuid PRIMARY KEY,
    pipeline_id         uuid        NOT NULL REFERENCES pipelines (id) ON DELETE CASCADE,
    source_table        text        NOT NULL,
    range_from          jsonb,
    range_to            jsonb,
    missing_in_target   integer     NOT NULL,
    extra_in_target     integer     NOT NULL,
    different           integer     NOT NULL,
    keys                jsonb       NOT NULL,
    found_at            timestamptz NOT NULL DEFAULT now(),
    checked_at          timestamptz NOT NULL DEFAULT now(),
    repair_requested_at timestamptz,
    resolved_at         timestamptz
);
CREATE INDEX verification_findings_open ON verification_findings (pipeline_id) WHERE resolved_at IS NULL;
