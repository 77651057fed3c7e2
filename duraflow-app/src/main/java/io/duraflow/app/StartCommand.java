package io.duraflow.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.duraflow.api.TaskRegistry;
import io.duraflow.app.cli.CliException;
import io.duraflow.app.cli.ExitCodes;
import io.duraflow.app.cli.InstanceService;
import io.duraflow.app.cli.JsonInput;
import io.duraflow.app.cli.LocalInstanceService;
import io.duraflow.app.cli.TargetOptions;
import io.duraflow.app.cli.WaitProgress;
import io.duraflow.engine.DuraflowEngine;
import io.duraflow.store.OrchestrationStore;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Starts an instance: on a running server ({@code --url}), or on a data directory, where {@code --wait}
 * also runs a worker in this process until the instance finishes.
 */
@Command(name = "start", mixinStandardHelpOptions = true,
    description = "Start an orchestration instance and print its id; with --wait, wait for it and print its status.")
final class StartCommand implements Callable<Integer> {
  @Mixin TargetOptions target;

  @Parameters(index = "0", paramLabel = "ORCHESTRATION", description = "e.g. HelloSequence, Approval, FaceHappiness.")
  String name;

  @Option(names = "--input", paramLabel = "JSON|@FILE", description = "Input as JSON text, or @file to read it.")
  String input;

  @Option(names = "--id", paramLabel = "ID", description = "Instance id (default: random).")
  String instanceId;

  @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "0",
      description = "Wait up to SECONDS for the instance to finish (without --url: running it in this process).")
  long waitSeconds;

  @Option(names = "--id-reuse", paramLabel = "POLICY",
      description = "When an unfinished instance has the --id: FAIL_IF_RUNNING (default: the start fails),"
          + " TERMINATE_IF_RUNNING (replace it) or USE_EXISTING (keep it, print its id).")
  io.duraflow.store.IdReusePolicy idReuse;

  @Option(names = "--no-reuse-completed", negatable = false,
      description = "Refuse the --id of a finished instance instead of replacing it (with USE_EXISTING: keep it).")
  boolean noReuseCompleted;

  @Option(names = "--tag", paramLabel = "KEY=VALUE",
      description = "Tag the instance (repeatable); `list --tag KEY=VALUE` finds it.")
  java.util.Map<String, String> tags;

  @Option(names = "--queue", paramLabel = "NAME",
      description = "Task queue whose limits admit the instance (docs/queues.md); default: none.")
  String queue;

  @Option(names = "--priority", paramLabel = "N", defaultValue = "0",
      description = "Priority within --queue; higher is admitted first (default: 0).")
  int priority;

  @Mixin ImageUrlOptionsMixin imageUrls;

  private InstanceService.StartPolicy policy() {
    return new InstanceService.StartPolicy(idReuse, !noReuseCompleted, tags, queue, priority);
  }

  @Override
  public Integer call() throws Exception {
    try {
      String inputText = JsonInput.read(input, "--input"); // inline JSON or @file
      return target.remote() ? startRemote(inputText) : startHere(inputText);
    } catch (CliException e) {
      System.err.println("duraflow: " + e.getMessage());
      return e.exitCode();
    }
  }

  private int startRemote(String inputText) throws InterruptedException {
    try (InstanceService service = target.open()) {
      String id = service.start(name, inputText, instanceId, policy());
      System.out.println(id);
      return waitSeconds > 0 ? WaitProgress.await(service, id, Duration.ofSeconds(waitSeconds)) : ExitCodes.OK;
    }
  }

  private int startHere(String inputText) throws InterruptedException {
    TaskRegistry registry = Registries.standard(imageUrls.faceOptions());
    if (registry.orchestration(name).isEmpty()) {
      // Checked before anything opens or a worker starts.
      throw new CliException("No orchestration named '" + name + "' is known here; known: "
          + String.join(", ", new java.util.TreeSet<>(registry.orchestrationNames())), ExitCodes.USAGE);
    }
    StoreOptionsMixin storeOptions = target.storeOptions();
    try (OrchestrationStore store = storeOptions.open();
        DuraflowEngine engine = DuraflowEngine.builder().store(store).registry(registry)
            .taskHub(storeOptions.taskHub()).runWorker(waitSeconds > 0).build().start()) {
      JsonNode inputNode = inputText == null ? null : io.duraflow.http.StatusDocuments.mapper().readTree(inputText);
      InstanceService.StartPolicy p = policy();
      String id;
      try {
        id = engine.client().startNew(name, inputNode, new io.duraflow.client.StartOptions(instanceId, null)
            .withIdReuse(p.idReuse()).withReuseCompleted(p.reuseCompleted()).withTags(p.tags())
            .withQueue(p.queue()).withPriority(p.priority()));
      } catch (io.duraflow.api.InstanceAlreadyExistsException | IllegalArgumentException e) {
        throw new CliException(e.getMessage(), ExitCodes.USAGE); // a refused start, as over HTTP
      }
      System.out.println(id);
      if (waitSeconds <= 0) {
        System.err.println("Started; it runs when a worker runs on this store (`duraflow serve --data "
            + storeOptions.dataDir() + "`), or start it with --wait SECONDS to run it here.");
        return ExitCodes.OK;
      }
      try (InstanceService local = new LocalInstanceService(store, storeOptions.taskHub(), false)) {
        return WaitProgress.await(local, id, Duration.ofSeconds(waitSeconds));
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new CliException("--input is not valid JSON: " + JsonInput.describe(e), ExitCodes.USAGE);
    }
  }
}
