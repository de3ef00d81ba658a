-- PostgreSQL source: the orders-shaped table, generated in the database.
-- psql variables: rows (row count), table (table name).
-- About 150 bytes a row: bigint key, bigint, short text, numeric(12,2), ~70 characters of text,
-- timestamptz, nullable timestamptz (NULL for half of the rows).
DROP TABLE IF EXISTS :"table";
CREATE TABLE :"table" (
  id          bigint PRIMARY KEY,
  customer_id bigint NOT NULL,
  status      text NOT NULL,
  amount      numeric(12,2) NOT NULL,
  note        text NOT NULL,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz
);
INSERT INTO :"table"
SELECT g,
       (g * 7919) % 1000003,
       (ARRAY['new', 'paid', 'shipped', 'delivered', 'returned'])[1 + g % 5],
       ((g * 104729) % 10000000) / 100.0,
       'order ' || md5(g::text) || md5((g + 1)::text),
       timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second',
       CASE WHEN g % 2 = 0 THEN timestamptz '2024-06-01 00:00:00+00' + g * interval '1 second' END
FROM generate_series(1, :rows::bigint) AS g;
VACUUM (FREEZE, ANALYZE) :"table";
