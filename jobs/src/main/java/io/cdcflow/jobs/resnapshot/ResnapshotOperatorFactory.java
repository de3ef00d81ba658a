package io.cdcflow.jobs.resnapshot;

import io.cdcflow.jobs.event.ChangeEvent;
import io.cdcflow.jobs.spec.PipelineSpec;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.operators.coordination.OperatorCoordinator;
import org.apache.flink.runtime.operators.coordination.OperatorEventDispatcher;
import org.apache.flink.streaming.api.operators.AbstractStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.CoordinatedOperatorFactory;
import org.apache.flink.streaming.api.operators.OneInputStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.StreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;

/** Makes the {@link ResnapshotOperator}, wired to its {@link ResnapshotCoordinator}. */
final class ResnapshotOperatorFactory extends AbstractStreamOperatorFactory<ChangeEvent>
    implements CoordinatedOperatorFactory<ChangeEvent>,
        OneInputStreamOperatorFactory<ChangeEvent, ChangeEvent> {

  private static final long serialVersionUID = 1L;

  private final PipelineSpec spec;

  ResnapshotOperatorFactory(PipelineSpec spec) {
    this.spec = spec;
    setChainingStrategy(ChainingStrategy.ALWAYS);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends StreamOperator<ChangeEvent>> T createStreamOperator(
      StreamOperatorParameters<ChangeEvent> parameters) {
    OperatorID id = parameters.getStreamConfig().getOperatorID();
    OperatorEventDispatcher events = parameters.getOperatorEventDispatcher();
    ResnapshotOperator operator = new ResnapshotOperator(spec);
    operator.setCoordinator(events.getOperatorEventGateway(id));
    operator.setProcessingTimeService(parameters.getProcessingTimeService());
    operator.setup(
        parameters.getContainingTask(), parameters.getStreamConfig(), parameters.getOutput());
    events.registerEventHandler(id, operator);
    return (T) operator;
  }

  @Override
  public OperatorCoordinator.Provider getCoordinatorProvider(String name, OperatorID id) {
    return new ResnapshotCoordinator.Provider(id, spec);
  }

  @Override
  public Class<? extends StreamOperator> getStreamOperatorClass(ClassLoader classLoader) {
    return ResnapshotOperator.class;
  }
}
