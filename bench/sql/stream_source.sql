-- PostgreSQL source of the streaming cases: the orders shape, every row carrying the time its
-- change was made (created_at on insert, updated_at on update, both clock_timestamp(), which in an
-- autocommit single-row transaction is within microseconds of its commit).
-- psql variables: rows (seeded rows).
DROP TABLE IF EXISTS stream_orders;
CREATE TABLE stream_orders (
  id          bigint PRIMARY KEY,
  customer_id bigint NOT NULL,
  status      text NOT NULL,
  amount      numeric(12,2) NOT NULL,
  note        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at  timestamptz
);
CREATE SEQUENCE stream_orders_id_seq;
SELECT setval('stream_orders_id_seq', :rows::bigint) AS seq_start \gset
ALTER TABLE stream_orders ALTER COLUMN id SET DEFAULT nextval('stream_orders_id_seq');
INSERT INTO stream_orders (id, customer_id, status, amount, note, created_at)
SELECT g, (g * 7919) % 1000003, 'new', ((g * 104729) % 10000000) / 100.0,
       'order ' || md5(g::text) || md5((g + 1)::text),
       timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second'
FROM generate_series(1, :rows::bigint) AS g;
VACUUM (FREEZE, ANALYZE) stream_orders;
