package io.duraflow.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.api.OrchestrationRuntimeStatus;
import io.duraflow.api.RetryPolicy;
import io.duraflow.api.Task;
import io.duraflow.api.TaskRegistry;
import io.duraflow.history.HistoryEvent;
import io.duraflow.history.TaskScheduled;
import io.duraflow.store.InstanceRecord;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: Debian's headless Chromium driven by Selenium against a whole node
 * (SQLite, engine, HTTP API) running a small workload. It logs in through the form, filters the list,
 * opens instances, checks the timeline against the history the API reports, raises an event through the
 * confirmation dialog, and saves screenshots to {@code target/}.
 */
@Tag("slow")
class DashboardBrowserTest {
  private static final String KEY = "dashboard-browser-test-key";
  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int FAN_OUT = 8;
  private static final Set<Integer> RESERVED = java.util.concurrent.ConcurrentHashMap.newKeySet();

  @TempDir Path dir;
  private DuraflowServer server;
  private WebDriver browser;
  private WebDriverWait wait;

  private static TaskRegistry registry() {
    return TaskRegistry.builder()
        // A reservation that succeeds on its second attempt, a fan-out of n activities, a
        // sub-orchestration, a short timer, then one more activity.
        .addOrchestration("FanOut", ctx -> {
          int n = ctx.getInput(Integer.class);
          ctx.callActivity("Reserve", n, RetryPolicy.of(3, Duration.ofMillis(100)), String.class).await();
          List<Task<Integer>> parts = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            parts.add(ctx.callActivity("Square", i, Integer.class));
          }
          int sum = ctx.allOf(parts).await().stream().mapToInt(Integer::intValue).sum();
          ctx.callSubOrchestrator("Notify", sum, ctx.getInstanceId() + "-notify", String.class).await();
          ctx.createTimer(Duration.ofMillis(200)).await();
          return ctx.callActivity("Describe", sum, String.class).await();
        })
        .addActivity("Square", ctx -> {
          int i = ctx.getInput(Integer.class);
          return i * i;
        })
        .addActivity("Describe", ctx -> "sum " + ctx.getInput(Integer.class))
        .addActivity("Reserve", ctx -> {
          // Fails the first attempt of each fan-out (its size is its input), so every one retries once.
          if (RESERVED.add(ctx.getInput(Integer.class))) {
            throw new IllegalStateException("the stock service timed out");
          }
          return "reserved";
        })
        .addOrchestration("Notify", ctx -> ctx.callActivity("Send", ctx.getInput(Integer.class), String.class).await())
        .addActivity("Send", ctx -> "sent " + ctx.getInput(Integer.class))
        // Two attempts of an activity that always fails: the instance fails.
        .addOrchestration("Flaky", ctx -> ctx.callActivity("Boom", "x", RetryPolicy.of(2, Duration.ofMillis(100)),
            String.class).await())
        .addActivity("Boom", ctx -> {
          throw new IllegalStateException("the warehouse is closed");
        })
        // Waits for an approval, then ships.
        .addOrchestration("Approval", ctx -> {
          String order = ctx.callActivity("Prepare", ctx.getInput(String.class), String.class).await();
          String answer = ctx.waitForExternalEvent("approve", String.class).await();
          return ctx.callActivity("Ship", order + " " + answer, String.class).await();
        })
        .addActivity("Prepare", ctx -> "order " + ctx.getInput(String.class))
        .addActivity("Ship", ctx -> "shipped " + ctx.getInput(String.class))
        .build();
  }

  @BeforeEach
  void start() {
    assertThat(new File(CHROMEDRIVER).canExecute())
        .as("Debian's chromium-driver package at " + CHROMEDRIVER + " (apt-get install chromium chromium-driver)").isTrue();
    server = DuraflowServer.builder(registry()).dataDir(dir).port(0).key(KEY).start();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    // Without these Chromium tries the (closed) network for updates, sync and QUIC, and hangs.
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1360,1180", "--user-data-dir=" + dir.resolve("chrome-profile"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    wait = new WebDriverWait(browser, WAIT);
    wait.ignoring(StaleElementReferenceException.class);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void logIn_filter_openTimeline_raiseEvent() throws Exception {
    var client = server.client();
    List<String> fanOuts = List.of(client.startNew("FanOut", FAN_OUT), client.startNew("FanOut", 3));
    String flaky = client.startNew("Flaky", null);
    String approval = client.startNew("Approval", "42");
    for (String id : fanOuts) {
      assertThat(client.waitForCompletion(id, WAIT).runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
    }
    assertThat(client.waitForCompletion(flaky, WAIT).runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
    awaitHistory(approval, "Prepare");

    // The page asks for the key; a wrong one is refused on the form.
    browser.get(server.baseUri() + "/");
    WebElement keyField = wait.until(d -> visible(d, By.id("login-key")));
    keyField.sendKeys("not-the-key");
    browser.findElement(By.cssSelector("#login-form button")).click();
    wait.until(d -> visible(d, By.id("login-error")).getText().contains("not this server's master key"));
    assertThat(browser.getCurrentUrl()).doesNotContain(KEY).doesNotContain("not-the-key");

    keyField.clear();
    keyField.sendKeys(KEY);
    browser.findElement(By.cssSelector("#login-form button")).click();
    wait.until(d -> rowIds(d).size() == 6);
    assertThat(browser.getCurrentUrl()).doesNotContain(KEY);
    // Auto-refresh re-renders the table under the test's clicks; the test reloads by acting instead.
    browser.findElement(By.id("auto-refresh")).click();
    assertThat(countChip("Completed")).as("two fan-outs and their sub-orchestrations").isEqualTo(4);
    assertThat(countChip("Failed")).isEqualTo(1);
    assertThat(countChip("Running")).isEqualTo(1);

    // Filter by status, then by name.
    new Select(browser.findElement(By.id("f-status"))).selectByVisibleText("Failed");
    wait.until(d -> rowIds(d).equals(Set.of(flaky)));
    assertThat(statusesShown()).containsOnly("Failed");
    new Select(browser.findElement(By.id("f-status"))).selectByVisibleText("Any");
    browser.findElement(By.id("f-name")).sendKeys("FanOut");
    browser.findElement(By.id("f-apply")).click();
    wait.until(d -> rowIds(d).equals(Set.copyOf(fanOuts)));

    // The larger fan-out: a bar for every activity attempt, timer and sub-orchestration its history holds.
    String big = fanOuts.get(0);
    browser.findElement(By.cssSelector("tr[data-instance-id='" + big + "'] a")).click();
    wait.until(d -> "Completed".equals(visible(d, By.id("instance-view")).getAttribute("data-loaded-status")));
    List<HistoryEvent> history = client.getHistory(big);
    assertThat(history.stream().filter(e -> e instanceof TaskScheduled).count())
        .as("the fan-out, both attempts of the reservation and the last step").isGreaterThan(FAN_OUT + 2);
    assertThat(bars("activity", null)).isEqualTo(count(history, "TaskScheduled"));
    assertThat(bars("activity", "completed")).isEqualTo(count(history, "TaskCompleted"));
    assertThat(bars("activity", "failed")).isEqualTo(count(history, "TaskFailed")).isPositive();
    assertThat(bars("timer", null)).isEqualTo(count(history, "TimerCreated"));
    assertThat(bars("suborchestration", "completed")).isEqualTo(count(history, "SubOrchestrationInstanceCompleted"))
        .isEqualTo(count(history, "SubOrchestrationInstanceCreated"));
    assertThat(browser.findElement(By.id("timeline")).getText()).contains("attempt 2 of 2");
    assertThat(browser.findElement(By.id("i-output")).getText()).contains("sum " + sumOfSquares(FAN_OUT));
    // The failed first attempt's details, as a user would click it.
    browser.findElement(By.cssSelector("#timeline .tl-bar[data-kind='activity'][data-state='failed']")).click();
    assertThat(wait.until(d -> visible(d, By.id("tl-detail"))).getText()).contains("the stock service timed out");
    screenshot("dashboard-instance.png");

    // The failed instance: its failure and both attempts of the activity.
    browser.findElement(By.cssSelector(".crumbs a")).click();
    new Select(browser.findElement(By.id("f-status"))).selectByVisibleText("Failed");
    browser.findElement(By.id("f-clear")).click();
    wait.until(d -> rowIds(d).size() == 6);
    browser.get(server.baseUri() + "/dashboard/#/instance/" + flaky);
    wait.until(d -> "Failed".equals(visible(d, By.id("instance-view")).getAttribute("data-loaded-status")));
    assertThat(visible(browser, By.id("i-failure")).getText()).contains("the warehouse is closed");
    long boomAttempts = client.getHistory(flaky).stream()
        .filter(e -> e instanceof TaskScheduled t && t.name().equals("Boom")).count();
    assertThat(boomAttempts).isEqualTo(2);
    assertThat(browser.findElements(By.cssSelector("#timeline .tl-bar[data-kind='activity'][data-state='failed']")))
        .hasSize((int) boomAttempts);
    assertThat(browser.findElement(By.id("timeline")).getText()).contains("attempt 2 of 2");

    // Raise the awaited event through the confirmation; the page and the API see the instance finish.
    browser.get(server.baseUri() + "/dashboard/#/instance/" + approval);
    wait.until(d -> "Running".equals(visible(d, By.id("instance-view")).getAttribute("data-loaded-status")));
    browser.findElement(By.cssSelector("#actions button[data-action='raise']")).click();
    visible(browser, By.id("confirm"));
    wait.until(d -> visible(d, By.id("confirm-event-name"))).sendKeys("approve");
    WebElement data = browser.findElement(By.id("confirm-event-data"));
    data.clear();
    data.sendKeys("\"yes\"");
    browser.findElement(By.id("confirm-ok")).click();
    wait.until(d -> "Completed".equals(d.findElement(By.id("instance-view")).getAttribute("data-loaded-status")));
    assertThat(browser.findElement(By.id("i-status")).getText()).isEqualTo("Completed");
    assertThat(browser.findElements(By.cssSelector("#timeline .tl-marker[data-kind='event'][data-name='approve']")))
        .hasSize(1);
    InstanceRecord done = client.getInstance(approval).orElseThrow();
    assertThat(done.runtimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
    assertThat(done.output()).isEqualTo("\"shipped order 42 yes\"");

    browser.findElement(By.cssSelector(".crumbs a")).click();
    wait.until(d -> rowIds(d).size() == 6 && countChip("Completed") == 5);
    screenshot("dashboard-list.png");
  }

  /** How many bars of {@code kind} (in {@code state}, unless null) the timeline shows. */
  private long bars(String kind, String state) {
    String css = "#timeline .tl-bar[data-kind='" + kind + "']" + (state == null ? "" : "[data-state='" + state + "']");
    return browser.findElements(By.cssSelector(css)).size();
  }

  private static long count(List<HistoryEvent> history, String eventType) {
    return history.stream().filter(e -> e.eventType().equals(eventType)).count();
  }

  private static int sumOfSquares(int n) {
    int sum = 0;
    for (int i = 0; i < n; i++) {
      sum += i * i;
    }
    return sum;
  }

  private void awaitHistory(String instanceId, String activity) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      boolean done = server.client().getHistory(instanceId).stream()
          .anyMatch(e -> e.eventType().equals("TaskCompleted"));
      if (done) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("Instance " + instanceId + " never completed activity " + activity);
  }

  @Test
  void listView_showsTheSchedulesReadOnly() throws Exception {
    var schedules = server.engine().schedules();
    schedules.create("nightly", io.duraflow.schedule.ScheduleDefinition.of("Approval", "\"7\"",
        io.duraflow.schedule.ScheduleSpec.cron("30 2 * * *").inZone(java.time.ZoneId.of("Europe/Oslo"))));
    schedules.pause("nightly", "release freeze");
    String triggered = schedules.trigger("nightly");

    browser.get(server.baseUri() + "/");
    wait.until(d -> visible(d, By.id("login-key"))).sendKeys(KEY);
    browser.findElement(By.cssSelector("#login-form button")).click();
    WebElement row = wait.until(d -> visible(d, By.cssSelector("#schedules tbody tr[data-id='nightly']")));

    assertThat(row.getText()).contains("nightly", "Approval", "cron 30 2 * * *", "Europe/Oslo", "skip",
        "paused: release freeze", triggered);
    row.findElement(By.tagName("a")).click(); // the last instance links to its page
    wait.until(d -> visible(d, By.id("instance-view")) != null
        && triggered.equals(d.findElement(By.id("i-id")).getText()));
  }

  private static WebElement visible(WebDriver d, By by) {
    WebElement e = d.findElement(by);
    return e.isDisplayed() ? e : null;
  }

  /** The instance ids of the list's rows. */
  private static Set<String> rowIds(WebDriver d) {
    if (!d.findElement(By.id("list-view")).isDisplayed()) {
      return Set.of();
    }
    return d.findElements(By.cssSelector("#instances tbody tr")).stream()
        .map(r -> r.getAttribute("data-instance-id")).collect(Collectors.toCollection(TreeSet::new));
  }

  private List<String> statusesShown() {
    return browser.findElements(By.cssSelector("#instances tbody .badge")).stream().map(WebElement::getText).toList();
  }

  private int countChip(String status) {
    String text = browser.findElement(By.cssSelector("#counts .count[data-status='" + status + "'] strong")).getText();
    return Integer.parseInt(text.strip());
  }

  private void screenshot(String name) throws Exception {
    Path target = Path.of("target", name);
    Files.createDirectories(target.getParent());
    Path shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.size(target)).isPositive();
  }
}
