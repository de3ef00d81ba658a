package io.cdcflow.api.flink.testjob;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The smallest job that behaves like a pipeline: unbounded, checkpointed, restorable. A number
 * sequence (its position is checkpointed state) goes through a slow map into a discarding sink. The
 * map publishes the first number it saw since it (re)started as the gauge {@value
 * #FIRST_VALUE_GAUGE} and the last one as {@value #LAST_VALUE_GAUGE}: a fresh job starts at 0, a
 * job restored from a savepoint or checkpoint continues where its state says, which a test can read
 * through the REST API.
 *
 * <p>Tests package this class and its inner classes, and nothing else, into a jar and submit it.
 */
public final class CounterJob {

  public static final String NAME_PREFIX = "cdcflow-test-counter ";
  public static final String FIRST_VALUE_GAUGE = "firstValue";
  public static final String LAST_VALUE_GAUGE = "lastValue";

  private CounterJob() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.enableCheckpointing(Long.parseLong(options.getOrDefault("checkpoint-interval-ms", "500")));
    env.fromSequence(0, Long.MAX_VALUE)
        .uid("sequence")
        .name("sequence")
        .map(new SlowCounter(Long.parseLong(options.getOrDefault("sleep-ms", "20"))))
        .uid("counter")
        .name("counter")
        .sinkTo(new DiscardingSink<>())
        .uid("discard")
        .name("discard");
    env.execute(NAME_PREFIX + options.getOrDefault("name", "job"));
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option value, got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    return options;
  }

  /** Passes numbers on, one every {@code sleepMillis}; the first and last seen are gauges. */
  static final class SlowCounter extends RichMapFunction<Long, Long> {

    private final long sleepMillis;
    private transient volatile long firstValue;
    private transient volatile long lastValue;

    SlowCounter(long sleepMillis) {
      this.sleepMillis = sleepMillis;
    }

    @Override
    public void open(OpenContext openContext) {
      firstValue = -1;
      lastValue = -1;
      getRuntimeContext().getMetricGroup().gauge(FIRST_VALUE_GAUGE, (Gauge<Long>) () -> firstValue);
      getRuntimeContext().getMetricGroup().gauge(LAST_VALUE_GAUGE, (Gauge<Long>) () -> lastValue);
    }

    @Override
    public Long map(Long value) throws InterruptedException {
      Thread.sleep(sleepMillis);
      if (firstValue < 0) {
        firstValue = value;
      }
      lastValue = value;
      return value;
    }
  }
}
