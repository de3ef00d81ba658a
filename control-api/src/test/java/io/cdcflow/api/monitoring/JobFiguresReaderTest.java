package io.cdcflow.api.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Metric ids are asked for in batches whose request line Flink's REST server accepts. */
class JobFiguresReaderTest {

  @Test
  void batchesOfIdsStayUnderFlinksRequestLineLimit() {
    List<String> ids =
        IntStream.range(0, 300)
            .mapToObj(
                i ->
                    "coordinator.enumerator.schema.shop_"
                        + i
                        + ".table.orders_"
                        + i
                        + ".numSnapshotRowsCopied")
            .toList();
    List<List<String>> batches = JobFiguresReader.batches(ids);
    assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(ids.size());
    assertThat(batches.stream().flatMap(List::stream).toList()).isEqualTo(ids);
    for (List<String> batch : batches) {
      String query = URLEncoder.encode(String.join(",", batch), StandardCharsets.UTF_8);
      assertThat(query.length()).isLessThan(3200);
    }
    assertThat(JobFiguresReader.batches(List.of())).isEmpty();
  }
}
