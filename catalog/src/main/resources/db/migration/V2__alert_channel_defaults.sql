-- Channels flagged default receive every alert event, whatever rule fired it, on top of the
-- channels linked to the rule.
ALTER TABLE alert_channels ADD COLUMN is_default boolean NOT NULL DEFAULT false;

-- The built-in log channel: every alert event as one line in the server log. It can be disabled
-- or deleted like any other channel.
INSERT INTO alert_channels (id, name, kind, config, enabled, is_default)
VALUES ('00000000-0000-0000-0000-00000000a1e7', 'log', 'log', '{}'::jsonb, true, true);

-- The dispatcher's scan for due deliveries.
CREATE INDEX alert_deliveries_by_alert ON alert_deliveries (alert_id, id);
