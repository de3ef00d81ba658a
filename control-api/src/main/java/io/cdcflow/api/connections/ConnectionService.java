package io.cdcflow.api.connections;

import io.cdcflow.api.server.ApiProblem;
import io.cdcflow.catalog.connection.ConnectionConfig;
import io.cdcflow.catalog.secret.SecretCipher;
import io.cdcflow.catalog.store.ConnectionDao;
import io.cdcflow.catalog.store.ConnectionRow;
import io.cdcflow.catalog.store.ConnectionTestDao;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stores, reads, tests and deletes connections; passwords are sealed before they are stored. */
public final class ConnectionService {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionService.class);
  private static final int HISTORY_LIMIT = 100;

  private final ConnectionDao connections;
  private final ConnectionTestDao tests;
  private final SecretCipher cipher;
  private final ConnectionTester tester;

  public ConnectionService(
      ConnectionDao connections,
      ConnectionTestDao tests,
      SecretCipher cipher,
      ConnectionTester tester) {
    this.connections = connections;
    this.tests = tests;
    this.cipher = cipher;
    this.tester = tester;
  }

  public List<ConnectionView> list() {
    return connections.list().stream().map(ConnectionView::of).toList();
  }

  public ConnectionView get(UUID id) {
    return ConnectionView.of(row(id));
  }

  /**
   * The id for a UUID or a connection name, so the CLI and YAML can refer to connections by name.
   */
  public UUID idOf(String idOrName) {
    try {
      return UUID.fromString(idOrName);
    } catch (IllegalArgumentException notUuid) {
      return connections
          .findByName(idOrName)
          .map(ConnectionRow::id)
          .orElseThrow(() -> ApiProblem.notFound("connection", idOrName));
    }
  }

  public ConnectionView create(ConnectionRequest request) {
    request.validate(true);
    ensureNameFree(request.name(), null);
    try {
      ConnectionRow row =
          connections.insert(
              UUID.randomUUID(),
              request.name().trim(),
              request.type().id(),
              request.host().trim(),
              request.portOrDefault(),
              blankToNull(request.database()),
              request.username(),
              request.password() == null ? null : cipher.encrypt(request.password()),
              request.properties());
      LOG.info(
          "Connection '{}' created ({} {}:{})",
          row.name(),
          row.type().id(),
          row.host(),
          row.port());
      return ConnectionView.of(row);
    } catch (UnableToExecuteStatementException e) {
      throw translate(e, request.name());
    }
  }

  public ConnectionView update(UUID id, ConnectionRequest request) {
    request.validate(false);
    ConnectionRow existing = row(id);
    String name = request.name() == null ? existing.name() : request.name().trim();
    ensureNameFree(name, id);
    byte[] password =
        request.password() == null
            ? existing.passwordEncrypted()
            : cipher.encrypt(request.password());
    try {
      ConnectionRow row =
          connections
              .update(
                  id,
                  name,
                  request.type().id(),
                  request.host().trim(),
                  request.portOrDefault(),
                  blankToNull(request.database()),
                  request.username(),
                  password,
                  request.properties())
              .orElseThrow(() -> ApiProblem.notFound("connection", id));
      LOG.info("Connection '{}' updated", row.name());
      return ConnectionView.of(row);
    } catch (UnableToExecuteStatementException e) {
      throw translate(e, name);
    }
  }

  public void delete(UUID id) {
    ConnectionRow existing = row(id);
    List<String> users = connections.pipelinesUsing(id);
    if (!users.isEmpty()) {
      throw ApiProblem.conflict(
          "connection '"
              + existing.name()
              + "' is used by pipelines "
              + users
              + "; delete or change them first");
    }
    try {
      connections.delete(id);
    } catch (UnableToExecuteStatementException e) {
      // a pipeline created between the check and the delete: the foreign key refuses
      throw ApiProblem.conflict("connection '" + existing.name() + "' is used by a pipeline");
    }
    LOG.info("Connection '{}' deleted", existing.name());
  }

  /** Tests the stored connection and records the result in its history. */
  public ConnectionTestResult test(UUID id) {
    ConnectionTestResult result = tester.test(config(id));
    return ConnectionTestResult.of(
        tests.insert(
            id,
            result.success(),
            result.serverVersion(),
            result.latencyMs(),
            result.error(),
            result.checks()));
  }

  /** Tests a connection that is not stored yet; nothing is recorded. */
  public ConnectionTestResult testUnsaved(ConnectionRequest request) {
    request.validate(false);
    return tester.test(
        new ConnectionConfig(
            request.type(),
            request.host().trim(),
            request.portOrDefault(),
            blankToNull(request.database()),
            request.username(),
            request.password(),
            request.properties()));
  }

  public List<ConnectionTestResult> history(UUID id) {
    row(id);
    return tests.history(id, HISTORY_LIMIT).stream().map(ConnectionTestResult::of).toList();
  }

  /** The connection with its password decrypted, for the platform's own use only. */
  public ConnectionConfig config(UUID id) {
    ConnectionRow row = row(id);
    String password =
        row.passwordEncrypted() == null ? "" : cipher.decrypt(row.passwordEncrypted());
    return new ConnectionConfig(
        row.type(),
        row.host(),
        row.port(),
        row.database(),
        row.username(),
        password,
        row.properties());
  }

  private ConnectionRow row(UUID id) {
    return connections.find(id).orElseThrow(() -> ApiProblem.notFound("connection", id));
  }

  private void ensureNameFree(String name, UUID self) {
    connections
        .findByName(name)
        .filter(other -> !other.id().equals(self))
        .ifPresent(
            other -> {
              throw ApiProblem.conflict("a connection named '" + name + "' already exists");
            });
  }

  private static ApiProblem translate(UnableToExecuteStatementException e, String name) {
    if (e.getCause() instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
      return ApiProblem.conflict("a connection named '" + name + "' already exists");
    }
    throw e;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
