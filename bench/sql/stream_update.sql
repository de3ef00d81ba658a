-- pgbench: one update of a seeded order per transaction (maxid = seeded rows, set with -D)
\set id random(1, :maxid)
UPDATE stream_orders SET status = 'paid', amount = amount + 1, updated_at = clock_timestamp()
WHERE id = :id;
