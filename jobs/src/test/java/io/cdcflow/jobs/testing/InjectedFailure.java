package io.cdcflow.jobs.testing;

import io.cdcflow.testing.TestPostgres;

/**
 * A write that fails once at a PostgreSQL target: a trigger on the table refuses the first row that
 * meets a condition. The sequence {@code public.failures} counts the rows that met it (a sequence
 * is not rolled back with the failed write), so a test can tell that the failure happened and that
 * the row was written again after it.
 */
public final class InjectedFailure {

  private InjectedFailure() {}

  /**
   * The statements that set it up on {@code table} ({@code schema.name}); {@code everyRow} is
   * PL/pgSQL run for every row first (empty for none).
   */
  public static String[] on(String table, String condition, String everyRow) {
    return new String[] {
      "CREATE SEQUENCE public.failures",
      """
      CREATE FUNCTION public.fail_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        %s
        IF %s THEN
          IF nextval('public.failures') = 1 THEN
            RAISE EXCEPTION 'injected failure';
          END IF;
        END IF;
        RETURN NEW;
      END $$
      """
          .formatted(everyRow, condition),
      "CREATE TRIGGER fail_once BEFORE INSERT ON "
          + table
          + " FOR EACH ROW EXECUTE FUNCTION public.fail_once()"
    };
  }

  /** How many rows met the condition: 1 once the failure happened, more once rewritten. */
  public static long rowsThatMetIt(TestPostgres pg, String database) {
    return Long.parseLong(
        pg.queryString(
            database,
            "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM public.failures"));
  }
}
