-- PostgreSQL target of the streaming cases, made before the pipeline starts: the source's columns
-- plus applied_at, which the pipeline does not know (it writes only the source's columns) and a
-- trigger sets to clock_timestamp() whenever the sink inserts or updates the row.
DROP SCHEMA IF EXISTS stream CASCADE;
CREATE SCHEMA stream;
CREATE TABLE stream.stream_orders (
  id          bigint PRIMARY KEY,
  customer_id bigint NOT NULL,
  status      text NOT NULL,
  amount      numeric(12,2) NOT NULL,
  note        text NOT NULL,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz,
  applied_at  timestamptz
);
CREATE FUNCTION stream.stamp_applied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.applied_at := clock_timestamp();
  RETURN NEW;
END $$;
CREATE TRIGGER stamp_applied BEFORE INSERT OR UPDATE ON stream.stream_orders
  FOR EACH ROW EXECUTE FUNCTION stream.stamp_applied();
