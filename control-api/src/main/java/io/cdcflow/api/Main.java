package io.cdcflow.api;

import io.cdcflow.api.server.CdcflowServer;
import io.cdcflow.api.server.ServerConfig;
import java.util.concurrent.CountDownLatch;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** The entry point behind {@code ./cdcflow}: {@code serve} runs the platform. */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    String command = args.length == 0 ? "serve" : args[0];
    switch (command) {
      case "serve" -> serve();
      case "help", "--help", "-h" -> usage(0);
      default -> {
        System.err.println("unknown command: " + command);
        usage(2);
      }
    }
  }

  private static void serve() throws InterruptedException {
    CdcflowServer server;
    try {
      server = CdcflowServer.start(ServerConfig.fromEnvironment());
    } catch (RuntimeException e) {
      System.err.println("cdcflow: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "cdcflow-shutdown"));
    stopped.await();
  }

  private static void usage(int exitCode) {
    System.out.println(
        """
        usage: cdcflow <command>
          serve    run the platform (REST API, catalog, Flink)
        configuration: CDCFLOW_* environment variables, see README.md""");
    System.exit(exitCode);
  }
}
