package io.duraflow.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.duraflow.app.cli.CliException;
import io.duraflow.app.cli.ExitCodes;
import io.duraflow.app.cli.JsonInput;
import io.duraflow.client.StartOptions;
import io.duraflow.engine.DuraflowEngine;
import io.duraflow.faces.FaceOptions;
import io.duraflow.store.InstanceRecord;
import io.duraflow.store.OrchestrationStore;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Starts an instance and, with {@code --wait}, runs a worker in this process until it finishes. */
@Command(name = "start", mixinStandardHelpOptions = true,
    description = "Start an orchestration instance; with --wait run it here and print its status.")
final class StartCommand implements Callable<Integer> {
  @Mixin StoreOptionsMixin storeOptions;

  @Parameters(index = "0", paramLabel = "ORCHESTRATION", description = "e.g. HelloSequence, Approval, FaceHappiness.")
  String name;

  @Option(names = "--input", paramLabel = "JSON|@FILE", description = "Input as JSON text, or @file to read it.")
  String input;

  @Option(names = "--id", paramLabel = "ID", description = "Instance id (default: random).")
  String instanceId;

  @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "0",
      description = "Run a worker in this process and wait up to SECONDS for the instance to finish.")
  long waitSeconds;

  @Mixin ImageUrlOptionsMixin imageUrls;

  @Override
  public Integer call() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    String inputText;
    try {
      inputText = JsonInput.read(input, "--input"); // inline JSON or @file
    } catch (CliException e) {
      System.err.println("duraflow: " + e.getMessage());
      return e.exitCode();
    }
    JsonNode inputNode = inputText == null ? null : mapper.readTree(inputText);
    FaceOptions faces = imageUrls.faceOptions();
    try (OrchestrationStore store = storeOptions.open();
        DuraflowEngine engine = DuraflowEngine.builder().store(store).registry(Registries.standard(faces))
            .taskHub(storeOptions.taskHub).runWorker(waitSeconds > 0).build().start()) {
      String id = engine.client().startNew(name, inputNode, new StartOptions(instanceId, null));
      System.out.println(id);
      if (waitSeconds <= 0) {
        return 0;
      }
      try {
        InstanceRecord done = engine.client().waitForCompletion(id, Duration.ofSeconds(waitSeconds));
        System.out.println(StatusCommand.render(done));
        return done.runtimeStatus() == io.duraflow.api.OrchestrationRuntimeStatus.COMPLETED ? ExitCodes.OK
            : ExitCodes.INSTANCE_FAILED;
      } catch (TimeoutException e) {
        System.err.println("duraflow: " + e.getMessage());
        return ExitCodes.UNAVAILABLE;
      }
    }
  }
}
