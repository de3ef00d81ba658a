package io.cdcflow.api.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one client for a Flink cluster's REST API, the embedded MiniCluster and a remote session
 * cluster alike: jars, job submission, stop with savepoint, cancel, job state, checkpoints,
 * exceptions and metrics. Every call has a bounded timeout; every refusal is a {@link
 * FlinkClusterException} carrying Flink's status and error text. Thread-safe.
 */
public final class FlinkRestClient {

  private static final Logger LOG = LoggerFactory.getLogger(FlinkRestClient.class);
  private static final Pattern HEX_ID = Pattern.compile("[0-9a-fA-F]{32}");
  private static final Pattern JAR_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*\\.jar");
  private static final Pattern JAR_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
  private static final int CHECKSUM_CHARS = 16;
  private static final String JOB_NOT_FOUND = "FlinkJobNotFoundException";

  /**
   * How long to wait: {@code connect} for a TCP connection, {@code request} for an ordinary call,
   * {@code longRequest} for a jar upload and for {@code /jars/:id/run} (which runs the job's main
   * in the JobManager).
   */
  public record Timeouts(Duration connect, Duration request, Duration longRequest) {

    public Timeouts {
      Objects.requireNonNull(connect, "connect");
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(longRequest, "longRequest");
    }

    public static Timeouts defaults() {
      return new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(5));
    }
  }

  private final URI baseUrl;
  private final Timeouts timeouts;
  private final FlinkHttp http;
  private final ObjectMapper json;
  private final Object uploadLock = new Object();

  public FlinkRestClient(URI baseUrl) {
    this(baseUrl, Timeouts.defaults());
  }

  public FlinkRestClient(URI baseUrl, Timeouts timeouts) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
      throw new IllegalArgumentException(
          "A Flink REST URL must be http(s)://host:port, got '" + baseUrl + "'");
    }
    String text = baseUrl.toString();
    this.baseUrl = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
    this.http = new FlinkHttp(this.baseUrl, timeouts.connect(), timeouts.request());
    this.json = http.json();
  }

  public URI baseUrl() {
    return baseUrl;
  }

  // ---------------------------------------------------------------- cluster

  /** {@code GET /overview}. */
  public ClusterOverview overview() {
    return ClusterOverview.fromJson(http.get("/overview"));
  }

  /** {@code GET /taskmanagers}. */
  public List<TaskManagerInfo> taskManagers() {
    return FlinkJson.list(http.get("/taskmanagers"), "taskmanagers", TaskManagerInfo::fromJson);
  }

  // ---------------------------------------------------------------- jars

  /** {@code GET /jars}: the jars stored on the cluster, newest first. */
  public List<FlinkJar> jars() {
    List<FlinkJar> jars =
        new ArrayList<>(FlinkJson.list(http.get("/jars"), "files", FlinkJar::fromJson));
    jars.sort(Comparator.comparing(FlinkJar::uploaded).reversed());
    return jars;
  }

  /** {@code POST /jars/upload}: stores {@code jar} on the cluster under {@code fileName}. */
  public FlinkJar uploadJar(Path jar, String fileName) {
    if (!JAR_ID.matcher(fileName).matches()) {
      throw new IllegalArgumentException(
          "A jar file name must be letters, digits, '.', '_' or '-' and end in .jar: " + fileName);
    }
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException("No jar file at " + jar);
    }
    String boundary = "cdcflow-" + UUID.randomUUID();
    byte[] head =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + fileName
                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    long length;
    try {
      length = head.length + Files.size(jar) + tail.length;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + jar, e);
    }
    BodyPublisher body =
        BodyPublishers.fromPublisher(
            BodyPublishers.ofInputStream(() -> multipart(head, jar, tail)), length);
    JsonNode answer =
        http.call(
            "POST",
            "/jars/upload",
            body,
            "multipart/form-data; boundary=" + boundary,
            timeouts.longRequest());
    String stored = FlinkJson.text(answer, "filename");
    String id = Path.of(stored).getFileName().toString();
    LOG.info("Uploaded {} to the Flink cluster at {} as {}", fileName, baseUrl, id);
    return new FlinkJar(id, fileName, Instant.now());
  }

  /**
   * The cluster's copy of {@code jar}, uploaded only when the cluster does not have it yet. The
   * file is stored as {@code <baseName>-<first 16 hex digits of its SHA-256>.jar}, so the same
   * content is found again by name in {@code GET /jars}, across restarts of this process.
   */
  public FlinkJar ensureJar(Path jar, String baseName) {
    if (!JAR_NAME.matcher(baseName).matches()) {
      throw new IllegalArgumentException(
          "A jar base name must be letters, digits, '.', '_' or '-': " + baseName);
    }
    String fileName = baseName + "-" + sha256(jar).substring(0, CHECKSUM_CHARS) + ".jar";
    synchronized (uploadLock) {
      Optional<FlinkJar> stored =
          jars().stream().filter(j -> j.name().equals(fileName)).findFirst();
      if (stored.isPresent()) {
        LOG.debug("The Flink cluster at {} already has {}", baseUrl, fileName);
        return stored.get();
      }
      return uploadJar(jar, fileName);
    }
  }

  /** {@code DELETE /jars/:jarid}. */
  public void deleteJar(String jarId) {
    http.sendEmpty("DELETE", "/jars/" + checkJarId(jarId));
  }

  /**
   * {@code POST /jars/:jarid/run}: runs the entry class's {@code main} in the JobManager, which
   * submits the job, and returns the job id. The job is then INITIALIZING or CREATED; see {@link
   * #awaitFullyRunning}.
   */
  public String runJar(String jarId, JarRun run) {
    ObjectNode body = json.createObjectNode();
    body.put("entryClass", run.entryClass());
    run.programArgs().forEach(body.putArray("programArgsList")::add);
    run.parallelism().ifPresent(p -> body.put("parallelism", p));
    run.savepointPath().ifPresent(path -> body.put("savepointPath", path));
    body.put("allowNonRestoredState", run.allowNonRestoredState());
    run.jobId().ifPresent(id -> body.put("jobId", id));
    if (!run.flinkConfiguration().isEmpty()) {
      ObjectNode configuration = body.putObject("flinkConfiguration");
      run.flinkConfiguration().forEach(configuration::put);
    }
    JsonNode answer =
        http.send("POST", "/jars/" + checkJarId(jarId) + "/run", body, timeouts.longRequest());
    String jobId = FlinkJson.text(answer, "jobid");
    LOG.info(
        "Submitted {} from {} to {} as job {}{}",
        run.entryClass(),
        jarId,
        baseUrl,
        jobId,
        run.savepointPath().map(p -> ", restoring " + p).orElse(""));
    return jobId;
  }

  // ---------------------------------------------------------------- jobs

  /** {@code GET /jobs/overview}. */
  public List<JobOverview> jobs() {
    return FlinkJson.list(http.get("/jobs/overview"), "jobs", JobOverview::fromJson);
  }

  /** {@code GET /jobs/:jid}. */
  public JobDetails job(String jobId) {
    return JobDetails.fromJson(http.get(jobPath(jobId)));
  }

  /** {@code GET /jobs/:jid/vertices/:vid}: the vertex's subtasks and their states. */
  public VertexDetails vertex(String jobId, String vertexId) {
    return VertexDetails.fromJson(http.get(vertexPath(jobId, vertexId)));
  }

  /** {@code GET /jobs/:jid/config}. */
  public JobConfig jobConfig(String jobId) {
    return JobConfig.fromJson(http.get(jobPath(jobId) + "/config"));
  }

  /** {@code GET /jobs/:jid/exceptions}. */
  public JobExceptions exceptions(String jobId) {
    return JobExceptions.fromJson(http.get(jobPath(jobId) + "/exceptions"));
  }

  /** {@code GET /jobs/:jid/checkpoints}. */
  public CheckpointStats checkpoints(String jobId) {
    return CheckpointStats.fromJson(http.get(jobPath(jobId) + "/checkpoints"));
  }

  /**
   * {@code POST /jobs/:jid/coordinators/:operatorid}: hands a serialised request to an operator's
   * coordinator; returns its serialised answer (both base64, as Flink writes them).
   */
  public String coordinate(
      String jobId, String operatorId, String requestField, String request, String answerField) {
    if (!HEX_ID.matcher(operatorId).matches()) {
      throw new IllegalArgumentException("not an operator id: " + operatorId);
    }
    ObjectNode body = json.createObjectNode().put(requestField, request);
    return FlinkJson.text(
        http.send("POST", jobPath(jobId) + "/coordinators/" + operatorId, body), answerField);
  }

  /** {@code PATCH /jobs/:jid?mode=cancel}: asks Flink to cancel; returns before it is done. */
  public void cancel(String jobId) {
    http.sendEmpty("PATCH", jobPath(jobId) + "?mode=cancel");
    LOG.info("Cancelling job {} on {}", jobId, baseUrl);
  }

  /**
   * {@code POST /jobs/:jid/stop} without draining, then waits for the savepoint: returns its
   * location (a URI such as {@code file:/data/flink/savepoints/savepoint-0a1b2c-...}). An unknown
   * job fails with status 404, like the other job calls.
   */
  public String stopWithSavepoint(String jobId, String targetDirectory, Duration timeout) {
    return stopWithSavepoint(jobId, Optional.of(targetDirectory), timeout);
  }

  /** As {@link #stopWithSavepoint(String, String, Duration)}, into the cluster's savepoint dir. */
  public String stopWithSavepoint(String jobId, Duration timeout) {
    return stopWithSavepoint(jobId, Optional.empty(), timeout);
  }

  private String stopWithSavepoint(String jobId, Optional<String> directory, Duration timeout) {
    ObjectNode body = json.createObjectNode().put("drain", false);
    directory.ifPresent(d -> body.put("targetDirectory", d));
    String triggerId = trigger(jobPath(jobId) + "/stop", body);
    LOG.info("Stopping job {} on {} with a savepoint", jobId, baseUrl);
    String location = awaitSavepoint(jobId, triggerId, timeout, "Stop-with-savepoint");
    LOG.info("Job {} stopped with savepoint {}", jobId, location);
    return location;
  }

  /** {@code POST /jobs/:jid/savepoints}: a savepoint of a running job, which keeps running. */
  public String triggerSavepoint(String jobId, String targetDirectory, Duration timeout) {
    return triggerSavepoint(jobId, Optional.of(targetDirectory), timeout);
  }

  /** As {@link #triggerSavepoint(String, String, Duration)}, into the cluster's savepoint dir. */
  public String triggerSavepoint(String jobId, Duration timeout) {
    return triggerSavepoint(jobId, Optional.empty(), timeout);
  }

  private String triggerSavepoint(String jobId, Optional<String> directory, Duration timeout) {
    ObjectNode body = json.createObjectNode().put("cancel-job", false);
    directory.ifPresent(d -> body.put("target-directory", d));
    String triggerId = trigger(jobPath(jobId) + "/savepoints", body);
    String location = awaitSavepoint(jobId, triggerId, timeout, "Savepoint");
    LOG.info("Savepoint of job {} written to {}", jobId, location);
    return location;
  }

  /**
   * Waits until the job and every one of its vertices is RUNNING; fails fast when the job ends
   * (FAILED, CANCELED, FINISHED) instead, with its latest exception.
   */
  public JobDetails awaitFullyRunning(String jobId, Duration timeout) {
    return awaitJob(jobId, JobDetails::isFullyRunning, "running with all tasks", timeout);
  }

  /**
   * Polls {@code GET /jobs/:jid} until {@code condition} holds. Fails when the job reaches a
   * globally terminal state that does not satisfy it, or at the timeout.
   */
  public JobDetails awaitJob(
      String jobId, Predicate<JobDetails> condition, String description, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    JobDetails details = null;
    while (true) {
      try {
        details = job(jobId);
        if (condition.test(details)) {
          return details;
        }
        if (details.state().isGloballyTerminal()) {
          throw FlinkClusterException.failed(
              "Job "
                  + jobId
                  + " ended "
                  + details.state()
                  + " instead of being "
                  + description
                  + latestFailure(jobId));
        }
      } catch (FlinkClusterException e) {
        // a job just submitted can be unknown for a moment; anything else is final
        if (!e.isNotFound() || Instant.now().isAfter(deadline)) {
          throw e;
        }
      }
      if (Instant.now().isAfter(deadline)) {
        throw FlinkClusterException.failed(
            "Job "
                + jobId
                + " was not "
                + description
                + " within "
                + timeout
                + (details == null ? "" : "; it is " + details.state()));
      }
      sleep(POLL_INTERVAL);
    }
  }

  // ---------------------------------------------------------------- metrics

  /** {@code GET /jobs/:jid/metrics?get=...}: job-level metrics such as {@code numRestarts}. */
  public List<MetricValue> jobMetrics(String jobId, Collection<String> names) {
    return FlinkJson.elements(
        http.get(jobPath(jobId) + "/metrics" + metricQuery(names)), MetricValue::fromJson);
  }

  /**
   * {@code GET /jobs/:jid/vertices/:vid/subtasks/metrics?get=...}: the named metrics aggregated
   * over the vertex's subtasks; with no names, the ids of all metrics the vertex has.
   */
  public List<AggregatedMetric> subtaskMetrics(
      String jobId, String vertexId, Collection<String> names) {
    return FlinkJson.elements(
        http.get(vertexPath(jobId, vertexId) + "/subtasks/metrics" + metricQuery(names)),
        AggregatedMetric::fromJson);
  }

  /**
   * {@code GET /jobs/:jid/vertices/:vid/jm-operator-metrics?get=...}: metrics that the vertex's
   * operator coordinators register on the JobManager (e.g. a CDC source's snapshot progress).
   */
  public List<MetricValue> jobManagerOperatorMetrics(
      String jobId, String vertexId, Collection<String> names) {
    return FlinkJson.elements(
        http.get(vertexPath(jobId, vertexId) + "/jm-operator-metrics" + metricQuery(names)),
        MetricValue::fromJson);
  }

  // ---------------------------------------------------------------- plumbing

  static String checkJobId(String jobId) {
    if (jobId == null || !HEX_ID.matcher(jobId).matches()) {
      throw new IllegalArgumentException("A Flink job id is 32 hex digits, got '" + jobId + "'");
    }
    return jobId;
  }

  private static String checkJarId(String jarId) {
    if (jarId == null || !JAR_ID.matcher(jarId).matches()) {
      throw new IllegalArgumentException("Not a Flink jar id: '" + jarId + "'");
    }
    return jarId;
  }

  private static String jobPath(String jobId) {
    return "/jobs/" + checkJobId(jobId);
  }

  private static String vertexPath(String jobId, String vertexId) {
    if (vertexId == null || !HEX_ID.matcher(vertexId).matches()) {
      throw new IllegalArgumentException(
          "A Flink vertex id is 32 hex digits, got '" + vertexId + "'");
    }
    return jobPath(jobId) + "/vertices/" + vertexId;
  }

  private static String metricQuery(Collection<String> names) {
    if (names.isEmpty()) {
      return "";
    }
    return "?get="
        + names.stream()
            .map(name -> URLEncoder.encode(name, StandardCharsets.UTF_8))
            .collect(Collectors.joining(","));
  }

  private String trigger(String path, ObjectNode body) {
    JsonNode answer = http.send("POST", path, body);
    return FlinkJson.text(answer, "request-id");
  }

  private String awaitSavepoint(String jobId, String triggerId, Duration timeout, String what) {
    Instant deadline = Instant.now().plus(timeout);
    String path = jobPath(jobId) + "/savepoints/" + triggerId;
    while (true) {
      JsonNode answer = http.get(path);
      String status = FlinkJson.text(FlinkJson.required(answer, "status"), "id");
      if ("COMPLETED".equals(status)) {
        JsonNode operation = FlinkJson.required(answer, "operation");
        Optional<String> location = FlinkJson.optionalText(operation, "location");
        if (location.isPresent()) {
          return location.get();
        }
        String cause =
            FlinkJson.object(operation, "failure-cause")
                .map(c -> FlinkJson.optionalText(c, "stack-trace").orElse(c.toString()))
                .orElse("no cause given");
        // Flink accepts the trigger for any job id and reports an unknown job only here
        int httpStatus = cause.contains(JOB_NOT_FOUND) ? 404 : 0;
        throw new FlinkClusterException(
            what + " of job " + jobId + " failed: " + FlinkHttp.summarize(cause),
            httpStatus,
            List.of(cause),
            null);
      }
      if (Instant.now().isAfter(deadline)) {
        throw FlinkClusterException.failed(
            what
                + " of job "
                + jobId
                + " did not complete within "
                + timeout
                + " (trigger "
                + triggerId
                + ", still "
                + status
                + ")");
      }
      sleep(POLL_INTERVAL);
    }
  }

  private String latestFailure(String jobId) {
    try {
      return exceptions(jobId).latest().map(f -> ": " + f.summary()).orElse("");
    } catch (FlinkClusterException e) {
      return "";
    }
  }

  private static InputStream multipart(byte[] head, Path jar, byte[] tail) {
    try {
      return new SequenceInputStream(
          Collections.enumeration(
              List.of(
                  new ByteArrayInputStream(head),
                  Files.newInputStream(jar),
                  new ByteArrayInputStream(tail))));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + jar, e);
    }
  }

  static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
        digest.update(buffer, 0, read);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw FlinkClusterException.unreachable("Interrupted while waiting for Flink", e);
    }
  }
}
