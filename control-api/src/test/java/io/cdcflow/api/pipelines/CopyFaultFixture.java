package io.cdcflow.api.pipelines;

import io.cdcflow.testing.TestDatabaseServer;

/**
 * The table the copy fault tests copy: {@code public.items} with {@code rows} rows at the source,
 * and at the target the same table written slowly (so the copy lasts seconds and a fault lands in
 * its middle), counting the rows written as first copied.
 */
final class CopyFaultFixture {

  private CopyFaultFixture() {}

  static void createSource(TestDatabaseServer server, String database, int rows) {
    server.execute(
        database,
        "CREATE TABLE public.items (id int PRIMARY KEY, note text NOT NULL, qty int NOT NULL)",
        "INSERT INTO public.items SELECT g, 'item ' || g, g % 100 FROM generate_series(1, "
            + rows
            + ") g");
  }

  static void createSlowTarget(TestDatabaseServer server, String database) {
    server.execute(
        database,
        "CREATE TABLE public.items (id int PRIMARY KEY, note text NOT NULL, qty int NOT NULL)",
        "CREATE SEQUENCE public.copied",
        """
        CREATE FUNCTION public.slow() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.note LIKE 'item %' THEN PERFORM nextval('public.copied'); END IF;
          PERFORM pg_sleep(0.0002);
          RETURN NEW;
        END $$
        """,
        "CREATE TRIGGER slow BEFORE INSERT ON public.items FOR EACH ROW EXECUTE FUNCTION"
            + " public.slow()");
  }

  /** Deletes, updates and moves to another key some of the rows the copy read first. */
  static void changeCopiedRows(TestDatabaseServer server, String database) {
    server.execute(
        database,
        "DELETE FROM public.items WHERE id <= 3000 AND id % 3 = 0",
        "UPDATE public.items SET qty = qty + 1000, note = 'updated' WHERE id <= 3000 AND id % 3 = 1",
        "UPDATE public.items SET id = id + 1000000 WHERE id <= 3000 AND id % 3 = 2");
  }

  static long rowsInTarget(TestDatabaseServer server, String database) {
    return Long.parseLong(server.queryString(database, "SELECT count(*) FROM public.items"));
  }

  /** Rows written to the target as first copied, a row read again counting again. */
  static long copiedRows(TestDatabaseServer server, String database) {
    return Long.parseLong(server.queryString(database, "SELECT last_value FROM public.copied"));
  }
}
