package io.cdcflow.api;

import io.cdcflow.api.cli.CliCommands;
import io.cdcflow.api.demo.DemoCommand;
import io.cdcflow.api.security.KeyRotation;
import io.cdcflow.api.server.CdcflowServer;
import io.cdcflow.api.server.ServerConfig;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** The entry point behind {@code ./cdcflow}. */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    List<String> arguments = Arrays.asList(args);
    String command = arguments.isEmpty() ? "help" : arguments.get(0);
    switch (command) {
      case "serve" -> serve();
      case "demo" -> demo();
      case "rotate-key" -> System.exit(KeyRotation.run(System.getenv(), System.out));
      case "apply",
          "get",
          "start",
          "stop",
          "status",
          "recover",
          "validate",
          "resnapshot",
          "resnapshots",
          "verification",
          "repair" ->
          System.exit(
              new CliCommands(apiUrl(), System.getenv("CDCFLOW_API_TOKEN"), System.out)
                  .run(arguments));
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
    OrderlyShutdown.install(
        () -> {
          server.close();
          stopped.countDown();
        });
    stopped.await();
  }

  private static void demo() {
    try {
      new DemoCommand(System.out, OrderlyShutdown::install).run(System.getenv());
    } catch (Exception e) {
      System.err.println("cdcflow demo: " + e.getMessage());
      System.exit(1);
    }
  }

  private static String apiUrl() {
    String url = System.getenv("CDCFLOW_URL");
    if (url != null && !url.isBlank()) {
      return url;
    }
    String port = System.getenv().getOrDefault("CDCFLOW_PORT", "8000");
    return "http://localhost:" + port;
  }

  private static void usage(int exitCode) {
    System.out.println(
        """
        usage: cdcflow <command>
          demo                               the platform plus sample databases and a running pipeline
          serve                              run the platform (REST API, catalog, Flink)
          apply -f <file-or-folder> [--start]  create or update pipelines from YAML/JSON definitions
          get pipelines|connections          list them
          start|stop|status|recover|validate <pipeline>
          resnapshot <pipeline> <table>      copy one table again while the pipeline streams
          resnapshot <pipeline> --all        start afresh: empty the targets, copy every table
          resnapshots <pipeline>             those copies and their progress
          verification <pipeline>            what the continuous verifier found
          repair <pipeline>                  copy the tables of its findings again while streaming
          rotate-key                         re-encrypt stored secrets with a new key (server stopped)
        configuration: CDCFLOW_* environment variables, see README.md;
        client commands talk to CDCFLOW_URL (default http://localhost:$CDCFLOW_PORT or 8000)""");
    System.exit(exitCode);
  }
}
