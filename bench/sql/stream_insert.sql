-- pgbench: one new order per transaction
\set c random(1, 1000000)
INSERT INTO stream_orders (customer_id, status, amount, note)
VALUES (:c, 'new', :c / 100.0, 'order ' || md5(:c::text) || md5(random()::text));
