-- The whole platform schema, owned by Flyway. Every timestamp is timestamptz (UTC on the wire).

-- Source and target databases. The password is AES-GCM encrypted by the control API.
CREATE TABLE connections (
    id                 uuid PRIMARY KEY,
    name               text        NOT NULL UNIQUE,
    type               text        NOT NULL CHECK (type IN ('postgres', 'mysql')),
    host               text        NOT NULL,
    port               integer     NOT NULL CHECK (port BETWEEN 1 AND 65535),
    database_name      text,
    username           text        NOT NULL,
    password_encrypted bytea,
    properties         jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);

-- Every connection test, kept as history.
CREATE TABLE connection_tests (
    id             bigserial PRIMARY KEY,
    connection_id  uuid        NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    tested_at      timestamptz NOT NULL DEFAULT now(),
    success        boolean     NOT NULL,
    server_version text,
    latency_ms     double precision,
    error          text,
    checks         jsonb       NOT NULL DEFAULT '[]'::jsonb
);
CREATE INDEX connection_tests_by_connection ON connection_tests (connection_id, tested_at DESC);

-- Pipeline definitions as the user wrote them (patterns, mapping rules, options in `definition`)
-- plus the lifecycle state. Connections in use cannot be deleted (RESTRICT).
CREATE TABLE pipelines (
    id                   uuid PRIMARY KEY,
    name                 text        NOT NULL UNIQUE,
    description          text,
    source_connection_id uuid        NOT NULL REFERENCES connections (id) ON DELETE RESTRICT,
    target_connection_id uuid        NOT NULL REFERENCES connections (id) ON DELETE RESTRICT,
    mode                 text        NOT NULL CHECK (mode IN ('FULL_LOAD_ONLY', 'CDC_ONLY', 'FULL_LOAD_AND_CDC')),
    definition           jsonb       NOT NULL,
    state                text        NOT NULL DEFAULT 'CREATED',
    state_reason         text,
    slot_name            text UNIQUE,
    publication_name     text,
    server_id_start      integer,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pipelines_by_source ON pipelines (source_connection_id);
CREATE INDEX pipelines_by_target ON pipelines (target_connection_id);

-- The tables a pipeline moves: resolved from its patterns or selected explicitly, with the
-- target name each gets.
CREATE TABLE pipeline_tables (
    pipeline_id   uuid        NOT NULL REFERENCES pipelines (id) ON DELETE CASCADE,
    source_schema text        NOT NULL,
    source_table  text        NOT NULL,
    target_schema text        NOT NULL,
    target_table  text        NOT NULL,
    key_columns   text[],
    explicit      boolean     NOT NULL DEFAULT false,
    added_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (pipeline_id, source_schema, source_table)
);

-- One row per Flink job submitted for a pipeline (start, resume, recovery attempt).
CREATE TABLE pipeline_runs (
    id                   uuid PRIMARY KEY,
    pipeline_id          uuid        NOT NULL REFERENCES pipelines (id) ON DELETE CASCADE,
    flink_job_id         text,
    trigger              text        NOT NULL,
    attempt              integer     NOT NULL DEFAULT 1,
    state                text        NOT NULL,
    flink_state          text,
    restored_from        text,
    savepoint_path       text,
    last_checkpoint_path text,
    last_checkpoint_at   timestamptz,
    failure_reason       text,
    started_at           timestamptz NOT NULL DEFAULT now(),
    ended_at             timestamptz
);
CREATE INDEX pipeline_runs_by_pipeline ON pipeline_runs (pipeline_id, started_at DESC);
CREATE INDEX pipeline_runs_by_job ON pipeline_runs (flink_job_id);

-- Metric samples: raw samples are rolled up into coarser resolutions and expire, so history
-- covers days without growing without bound.
CREATE TABLE metric_samples (
    pipeline_id        uuid             NOT NULL REFERENCES pipelines (id) ON DELETE CASCADE,
    metric             text             NOT NULL,
    resolution_seconds integer          NOT NULL DEFAULT 0,
    sampled_at         timestamptz      NOT NULL,
    value              double precision NOT NULL,
    PRIMARY KEY (pipeline_id, metric, resolution_seconds, sampled_at)
);
CREATE INDEX metric_samples_by_time ON metric_samples (resolution_seconds, sampled_at);

-- Where alerts go: log, a generic JSON webhook or a Slack-compatible webhook.
CREATE TABLE alert_channels (
    id         uuid PRIMARY KEY,
    name       text        NOT NULL UNIQUE,
    kind       text        NOT NULL CHECK (kind IN ('log', 'webhook', 'slack')),
    config     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    enabled    boolean     NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Alert rules: pipeline_id NULL is a default for every pipeline, a row with a pipeline overrides it.
CREATE TABLE alert_rules (
    id               uuid PRIMARY KEY,
    pipeline_id      uuid REFERENCES pipelines (id) ON DELETE CASCADE,
    kind             text             NOT NULL,
    threshold        double precision,
    duration_seconds integer          NOT NULL DEFAULT 0,
    severity         text             NOT NULL DEFAULT 'warning' CHECK (severity IN ('info', 'warning', 'critical')),
    enabled          boolean          NOT NULL DEFAULT true,
    created_at       timestamptz      NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX alert_rules_one_per_kind ON alert_rules (coalesce(pipeline_id, '00000000-0000-0000-0000-000000000000'::uuid), kind);

CREATE TABLE alert_rule_channels (
    rule_id    uuid NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE,
    channel_id uuid NOT NULL REFERENCES alert_channels (id) ON DELETE CASCADE,
    PRIMARY KEY (rule_id, channel_id)
);

-- Alerts: at most one open alert per (rule kind, pipeline) thanks to the partial unique index.
CREATE TABLE alerts (
    id              uuid PRIMARY KEY,
    rule_id         uuid REFERENCES alert_rules (id) ON DELETE SET NULL,
    pipeline_id     uuid REFERENCES pipelines (id) ON DELETE CASCADE,
    kind            text        NOT NULL,
    severity        text        NOT NULL,
    state           text        NOT NULL CHECK (state IN ('ACTIVE', 'ACKNOWLEDGED', 'RESOLVED')),
    dedup_key       text        NOT NULL,
    message         text        NOT NULL,
    details         jsonb       NOT NULL DEFAULT '{}'::jsonb,
    fired_at        timestamptz NOT NULL DEFAULT now(),
    acknowledged_at timestamptz,
    acknowledged_by text,
    resolved_at     timestamptz
);
CREATE UNIQUE INDEX alerts_open_once ON alerts (dedup_key) WHERE state <> 'RESOLVED';
CREATE INDEX alerts_by_pipeline ON alerts (pipeline_id, fired_at DESC);

-- Each attempt to deliver an alert event to a channel; failures are retried and recorded.
CREATE TABLE alert_deliveries (
    id              bigserial PRIMARY KEY,
    alert_id        uuid        NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    channel_id      uuid        NOT NULL REFERENCES alert_channels (id) ON DELETE CASCADE,
    event           text        NOT NULL CHECK (event IN ('FIRED', 'RESOLVED')),
    attempt         integer     NOT NULL DEFAULT 1,
    status          text        NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
    response_code   integer,
    error           text,
    attempted_at    timestamptz NOT NULL DEFAULT now(),
    next_attempt_at timestamptz
);
CREATE INDEX alert_deliveries_pending ON alert_deliveries (status, next_attempt_at);
