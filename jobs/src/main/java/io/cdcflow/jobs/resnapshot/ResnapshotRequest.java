package io.cdcflow.jobs.resnapshot;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.util.Base64;
import java.util.List;
import org.apache.flink.runtime.operators.coordination.CoordinationRequest;
import org.apache.flink.runtime.operators.coordination.CoordinationResponse;
import org.apache.flink.util.InstantiationUtil;

/**
 * What the control API asks a running job's {@link ResnapshotCoordinator} through Flink's REST API
 * ({@code POST /jobs/:jid/coordinators/:operatorid}), Java-serialised as Flink expects.
 */
public sealed interface ResnapshotRequest extends CoordinationRequest {

  /**
   * The REST body's field holding the serialised request (Flink's ClientCoordinationRequestBody).
   */
  String REQUEST_FIELD = "serializedCoordinationRequest";

  /** The REST answer's field holding the serialised response. */
  String RESPONSE_FIELD = "serializedCoordinationResult";

  /** This request serialised as the REST body's {@link #REQUEST_FIELD} wants it (base64). */
  default String serialized() throws IOException {
    return Base64.getEncoder().encodeToString(InstantiationUtil.serializeObject(this));
  }

  /**
   * The coordinator's answer from the REST answer's {@link #RESPONSE_FIELD}; only the classes of an
   * answer are read.
   */
  static Response response(String serialized) throws IOException {
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(serialized)))) {
      in.setObjectInputFilter(ANSWER_CLASSES);
      return (Response) in.readObject();
    } catch (ClassNotFoundException | ClassCastException e) {
      throw new IOException("the job answered with something other than its progress", e);
    }
  }

  /** What an answer may hold. */
  ObjectInputFilter ANSWER_CLASSES =
      ObjectInputFilter.Config.createFilter(
          "io.cdcflow.jobs.resnapshot.*;java.util.*;java.lang.*;java.lang.Enum;maxdepth=10;!*");

  /**
   * Copy the source table ({@code schema.table}) again, or only its keys within the bounds (null:
   * the whole table, which is how a job started before bounds existed reads the request too);
   * answered once a checkpoint holds it.
   */
  record Start(String table, KeyBounds bounds) implements ResnapshotRequest {
    public Start {
      bounds = bounds == null || bounds.whole() ? null : bounds;
    }

    public Start(String table) {
      this(table, null);
    }

    KeyBounds boundsOrWhole() {
      return bounds == null ? KeyBounds.WHOLE : bounds;
    }
  }

  /** Every copy-again of this job so far; answered at once. */
  record Query() implements ResnapshotRequest {}

  /** Why a {@link Start} was not taken. */
  enum Refusal {
    NO_SUCH_TABLE,
    AMBIGUOUS,
    NOT_SUPPORTED
  }

  /**
   * @param tables oldest first
   * @param request the copy a {@link Start} asked for (or found already asked for); null otherwise
   * @param refusal why a {@link Start} was not taken, or null; {@code why} says it in words
   */
  record Response(
      List<ResnapshotProgress> tables, ResnapshotProgress request, Refusal refusal, String why)
      implements CoordinationResponse {}
}
