-- MariaDB source: the same rows as the PostgreSQL source, generated in the database with the
-- Sequence engine (seq_1_to_N). The script is run after `SET @rows = N` in the same session.
CREATE DATABASE IF NOT EXISTS bench;
USE bench;
-- the initial rows are read by the snapshot, not from the binlog: keep them out of it
SET SESSION sql_log_bin = 0;
DROP TABLE IF EXISTS orders;
CREATE TABLE orders (
  id          bigint PRIMARY KEY,
  customer_id bigint NOT NULL,
  status      varchar(16) NOT NULL,
  amount      decimal(12,2) NOT NULL,
  note        varchar(100) NOT NULL,
  created_at  timestamp(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at  timestamp(6) NULL DEFAULT NULL
) ENGINE = InnoDB;
SET @sql = CONCAT(
  'INSERT INTO orders SELECT seq, (seq * 7919) % 1000003, ',
  'ELT(1 + seq % 5, ''new'', ''paid'', ''shipped'', ''delivered'', ''returned''), ',
  '((seq * 104729) % 10000000) / 100.0, ',
  'CONCAT(''order '', MD5(seq), MD5(seq + 1)), ',
  'TIMESTAMP''2024-01-01 00:00:00'' + INTERVAL seq SECOND, ',
  'IF(seq % 2 = 0, TIMESTAMP''2024-06-01 00:00:00'' + INTERVAL seq SECOND, NULL) ',
  'FROM seq_1_to_', @rows);
PREPARE gen FROM @sql;
EXECUTE gen;
DEALLOCATE PREPARE gen;
ANALYZE TABLE orders;
