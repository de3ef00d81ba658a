package io.cdcflow.jobs.testing;

import io.cdcflow.catalog.discovery.TableId;
import io.cdcflow.testing.TestDatabaseServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A small shop schema on a source database covering that database's common types, with rows and a
 * source of random changes (inserts, updates, deletes, key changes) for the tests to replay.
 */
public interface SourceFixture {

  TestDatabaseServer server();

  /** The database the fixture lives in. */
  String database();

  /** The fixture's tables with their key columns, in creation order. */
  Map<TableId, List<String>> tables();

  /** Creates the tables and their initial rows. */
  void create() throws SQLException;

  /** One random change on a random table. */
  void randomChange(Connection c, Random random) throws SQLException;

  /** An insert, an update, a key change and a delete on every table. */
  void everyKindOfChange(Connection c) throws SQLException;
}
