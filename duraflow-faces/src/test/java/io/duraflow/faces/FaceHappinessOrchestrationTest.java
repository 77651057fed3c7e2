package io.duraflow.faces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.duraflow.action.CompleteOrchestration;
import io.duraflow.action.ScheduleTask;
import io.duraflow.api.FailureDetails;
import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.TaskRegistry;
import io.duraflow.history.ExecutionStarted;
import io.duraflow.history.OrchestratorStarted;
import io.duraflow.replay.OrchestrationExecutor;
import io.duraflow.replay.OrchestratorResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The orchestration on the pure core, with DetectFace running in-process against a local HTTP server. */
class FaceHappinessOrchestrationTest {
  private static TestHttpServer server;
  private static final FaceOptions OPTIONS = FaceOptions.builder()
      .allowPrivateUrls(true)
      .fetchTimeout(Duration.ofSeconds(5))
      .firstRetryInterval(Duration.ofSeconds(1))
      .build();

  @BeforeAll
  static void start() throws Exception {
    server = new TestHttpServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static InProcessRunner runner(FaceOptions options) {
    return new InProcessRunner(FaceWorkflow.register(TaskRegistry.builder(), options).build());
  }

  private static JsonNode output(CompleteOrchestration done) throws Exception {
    assertThat(done.status()).as("%s", done.failureDetails()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
    return JacksonTestConverter.MAPPER.readTree(done.result());
  }

  @Test
  void run_seedStyleInput_reportsMinMaxAndPerImageDetail() throws Exception {
    String input = JacksonTestConverter.MAPPER.writeValueAsString(List.of(
        server.url("/sample3.jpg"), server.url("/sample2.jpg"), server.url("/sample6.jpg")));
    InProcessRunner.Outcome outcome = runner(OPTIONS).run(FaceWorkflow.ORCHESTRATOR, input);
    JsonNode out = output(outcome.completion());

    assertThat(out.path("faces").asInt()).isBetween(10, 12);
    assertThat(out.path("min_val").asDouble()).isLessThan(0.2);
    assertThat(out.path("max_val").asDouble()).isGreaterThan(0.9);
    assertThat(out.has("reason")).isFalse();
    JsonNode images = out.path("images");
    assertThat(images).hasSize(3);
    assertThat(images.get(0).path("url").asText()).isEqualTo(server.url("/sample3.jpg"));
    JsonNode face = images.get(0).path("faces").get(0);
    assertThat(face.path("box").fieldNames()).toIterable().containsExactly("x", "y", "w", "h");
    assertThat(face.path("happiness").isNumber()).isTrue();
    assertThat(face.path("emotions").fieldNames()).toIterable().containsExactlyElementsOf(EmotionClassifier.LABELS);
    assertThat(face.path("happinessRaw").asDouble()).isEqualTo(face.path("emotions").path("happy").asDouble());
    assertThat(face.path("confidence").asDouble()).isGreaterThan(0.6);
    assertThat(images.get(1).has("error")).isFalse();
    assertThat(outcome.customStatuses().get(outcome.customStatuses().size() - 1))
        .isEqualTo("{\"done\":3,\"total\":3}");
    assertThat(outcome.customStatuses().get(0)).isEqualTo("{\"done\":0,\"total\":3}");
  }

  @Test
  void run_badUrls_reportPerImageErrorsWithoutFailingTheRun() throws Exception {
    String unreachable = TestHttpServer.unreachableUrl();
    String input = JacksonTestConverter.MAPPER.writeValueAsString(java.util.Map.of("urls", List.of(
        server.url("/sample3.jpg"), server.url("/page.html"), server.url("/missing.jpg"), unreachable,
        "http://169.254.169.254/latest/meta-data/")));
    InProcessRunner.Outcome outcome = runner(OPTIONS).run(FaceWorkflow.FACE_HAPPINESS, input);
    JsonNode out = output(outcome.completion());

    JsonNode images = out.path("images");
    assertThat(images.get(0).has("error")).isFalse();
    assertThat(images.get(0).path("faces")).hasSize(3);
    assertThat(images.get(1).path("error").path("type").asText()).isEqualTo("not_an_image");
    assertThat(images.get(2).path("error").path("type").asText()).isEqualTo("fetch_failed");
    assertThat(images.get(2).path("error").path("message").asText()).contains("404");
    assertThat(images.get(3).path("error").path("type").asText()).isEqualTo("unavailable");
    assertThat(images.get(4).path("error").path("type").asText()).isEqualTo("refused");
    assertThat(out.path("faces").asInt()).isEqualTo(3);
    // Only the unreachable URL is transient: it alone is retried (3 attempts, 2 timers).
    assertThat(outcome.activityInputs().stream().filter(i -> i.contains(unreachable.substring(7)))).hasSize(3);
    assertThat(outcome.activityInputs()).hasSize(5 + 2);
    assertThat(outcome.timers()).isEqualTo(2);
  }

  @Test
  void run_transient503_isRetriedAndSucceeds() throws Exception {
    server.flakyCalls.set(0);
    InProcessRunner.Outcome outcome = runner(OPTIONS).run(FaceWorkflow.FACE_HAPPINESS,
        "{\"urls\": [\"" + server.url("/flaky.jpg") + "\"]}");
    JsonNode out = output(outcome.completion());
    assertThat(out.path("images").get(0).has("error")).isFalse();
    assertThat(out.path("faces").asInt()).isEqualTo(3);
    assertThat(server.flakyCalls.get()).isEqualTo(2);
  }

  @Test
  void run_noFaceAnywhere_givesNullMinMaxWithReason() throws Exception {
    InProcessRunner.Outcome outcome = runner(OPTIONS).run(FaceWorkflow.FACE_HAPPINESS,
        "[\"" + server.url("/landscape.png") + "\"]");
    JsonNode out = output(outcome.completion());
    assertThat(out.path("min_val").isNull()).isTrue();
    assertThat(out.path("max_val").isNull()).isTrue();
    assertThat(out.path("faces").asInt()).isZero();
    assertThat(out.path("reason").asText()).isEqualTo("no face was found in any image");
    assertThat(out.path("images").get(0).path("faces")).isEmpty();
  }

  @Test
  void run_emptyList_completesWithReason() throws Exception {
    JsonNode out = output(runner(OPTIONS).run(FaceWorkflow.FACE_HAPPINESS, "{\"urls\": []}").completion());
    assertThat(out.path("min_val").isNull()).isTrue();
    assertThat(out.path("reason").asText()).isEqualTo("no image URLs were given");
  }

  @Test
  void run_invalidInput_failsWithAMessageSayingWhatToSend() {
    CompleteOrchestration done = runner(OPTIONS).run(FaceWorkflow.FACE_HAPPINESS, "{\"url\": 3}").completion();
    assertThat(done.status()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
    assertThat(done.failureDetails().errorMessage()).contains("{\"urls\": [");
  }

  @Test
  void execute_firstStep_fansOutOneDetectFacePerUrl() {
    TaskRegistry registry = FaceWorkflow.register(TaskRegistry.builder(), OPTIONS).build();
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    OrchestratorResult result = new OrchestrationExecutor(registry, new JacksonTestConverter()).execute("i",
        List.of(), List.of(new OrchestratorStarted(t0),
            new ExecutionStarted(t0, "Orchestrator", "[\"https://a/1.jpg\",\"https://b/2.png\"]", "e", null, null)));
    assertThat(result.actions()).containsExactly(
        new ScheduleTask(0, "DetectFace", "\"https://a/1.jpg\""),
        new ScheduleTask(1, "DetectFace", "\"https://b/2.png\""));
    assertThat(result.customStatus()).isEqualTo("{\"done\":0,\"total\":2}");
  }

  @Test
  void isTransient_onlyUnavailable() {
    assertThat(FaceHappinessOrchestration.isTransient(FailureDetails.of(
        new FaceImageException.Unavailable("u", "HTTP 503", null)))).isTrue();
    assertThat(FaceHappinessOrchestration.isTransient(FailureDetails.of(
        new FaceImageException.NotAnImage("u", "html")))).isFalse();
    assertThat(FaceHappinessOrchestration.isTransient(FailureDetails.of(new IllegalStateException("x")))).isFalse();
  }

  @Test
  void urlsOf_acceptsObjectArrayOrString() {
    assertThat(FaceHappinessOrchestration.urlsOf("{\"urls\":[\"a\",\"b\"]}")).containsExactly("a", "b");
    assertThat(FaceHappinessOrchestration.urlsOf("[\"a\"]")).containsExactly("a");
    assertThat(FaceHappinessOrchestration.urlsOf("\"a\"")).containsExactly("a");
    assertThatThrownBy(() -> FaceHappinessOrchestration.urlsOf(null)).hasMessageContaining("no input");
    assertThatThrownBy(() -> FaceHappinessOrchestration.urlsOf("[1]")).hasMessageContaining("not a string");
  }
}
