package io.cdcflow.api.connections;

import io.cdcflow.catalog.connection.ConnectionConfig;
import java.sql.SQLException;

/**
 * Turns driver exceptions into sentences a user can act on. Driver messages are kept short and
 * never contain the password.
 */
public final class ConnectionErrors {

  private ConnectionErrors() {}

  public static String describe(SQLException e, ConnectionConfig config) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    int code = e.getErrorCode();
    String where = config.host() + ":" + config.port();
    if (state.startsWith("28") || code == 1045 || code == 1698) {
      return "authentication failed for user '"
          + config.username()
          + "' at "
          + where
          + " ("
          + shortMessage(e)
          + ")";
    }
    if (state.equals("3D000") || code == 1049 || code == 1044) {
      return "database '"
          + config.database()
          + "' does not exist or is not accessible at "
          + where
          + " ("
          + shortMessage(e)
          + ")";
    }
    if (state.startsWith("08")
        || e.getCause() instanceof java.net.SocketException
        || e.getCause() instanceof java.net.UnknownHostException) {
      return "cannot reach " + where + ": " + shortMessage(e);
    }
    return "connection to " + where + " failed: " + shortMessage(e);
  }

  private static String shortMessage(SQLException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    if (newline > 0) {
      message = message.substring(0, newline);
    }
    return message.length() > 300 ? message.substring(0, 300) + "..." : message;
  }
}
