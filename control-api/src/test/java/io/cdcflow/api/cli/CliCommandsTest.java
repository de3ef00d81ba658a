package io.cdcflow.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.api.ApiTestServer;
import io.cdcflow.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's client commands against the real server. */
class CliCommandsTest {

  static ApiTestServer api;

  @BeforeAll
  static void start() {
    TestPostgres pg = TestPostgres.shared();
    String db = pg.createDatabase("cli");
    pg.execute(
        db,
        "CREATE TABLE public.items (id int PRIMARY KEY)",
        "CREATE TABLE public.prices (id int PRIMARY KEY)");
    api = ApiTestServer.start();
    api.addConnection("cli-db", pg, db);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private record Run(int exit, String output) {}

  private Run cli(String... args) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    int exit =
        new CliCommands(
                api.baseUrl(),
                api.adminToken(),
                new PrintStream(buffer, true, StandardCharsets.UTF_8))
            .run(List.of(args));
    return new Run(exit, buffer.toString(StandardCharsets.UTF_8));
  }

  @Test
  void appliesAFolderOfDefinitionsIdempotentlyAndListsThem(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("a-items.yaml"),
        "name: cli-items\nsource: cli-db\ntarget: cli-db\nmode: CDC_ONLY\ntables: {include: [public.items]}\nmapping: {target_schema: copy}\n");
    Files.writeString(
        dir.resolve("b-prices.json"),
        "{\"name\":\"cli-prices\",\"source\":\"cli-db\",\"target\":\"cli-db\",\"mode\":\"FULL_LOAD_ONLY\",\"tables\":{\"include\":[\"public.prices\"]},\"mapping\":{\"target_schema\":\"copy\"}}");
    Files.writeString(dir.resolve("notes.txt"), "not a definition");

    Run first = cli("apply", "-f", dir.toString());
    assertThat(first.exit()).as(first.output()).isZero();
    assertThat(first.output())
        .contains("pipeline/cli-items created")
        .contains("pipeline/cli-prices created");
    Run second = cli("apply", "-f", dir.toString());
    assertThat(second.output())
        .contains("pipeline/cli-items unchanged")
        .contains("pipeline/cli-prices unchanged");

    Run list = cli("get", "pipelines");
    assertThat(list.exit()).isZero();
    assertThat(list.output()).contains("cli-items").contains("CDC_ONLY").contains("CREATED");
    assertThat(cli("get", "connections").output()).contains("cli-db");
  }

  @Test
  void reportsInvalidDefinitionsAndUsageErrors(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad,
        "name: cli-bad\nsource: nowhere\ntarget: cli-db\nmode: CDC_ONLY\ntables: {include: [public.items]}\n");
    Run run = cli("apply", "-f", bad.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.output()).contains("source").contains("nowhere");
    assertThat(cli("apply").exit()).isEqualTo(2);
    assertThat(cli("apply", "-f", dir.resolve("missing.yaml").toString()).output())
        .contains("does not exist");
    assertThat(cli("status", "no-such-pipeline").exit()).isEqualTo(1);
  }
}
