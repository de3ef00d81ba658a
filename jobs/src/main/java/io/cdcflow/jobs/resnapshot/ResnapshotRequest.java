package io.cdcflow.jobs.resnapshot;

import java.io.IOException;
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

  /** The coordinator's answer from the REST answer's {@link #RESPONSE_FIELD}. */
  static Response response(String serialized) throws IOException {
    try {
      return InstantiationUtil.deserializeObject(
          Base64.getDecoder().decode(serialized), ResnapshotRequest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IOException("the job answered with a class this side does not know", e);
    }
  }

  /** Copy the source table ({@code schema.table}) again; answered once a checkpoint holds it. */
  record Start(String table) implements ResnapshotRequest {}

  /** Every copy-again of this job so far; answered at once. */
  record Query() implements ResnapshotRequest {}

  /**
   * @param tables oldest first
   * @param request the copy a {@link Start} asked for (or found already asked for); null otherwise
   * @param refusal why a {@link Start} was not taken, or null
   */
  record Response(List<ResnapshotProgress> tables, ResnapshotProgress request, String refusal)
      implements CoordinationResponse {}
}
