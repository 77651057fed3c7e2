package io.duraflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.duraflow.api.EntityInstanceId;
import io.duraflow.api.EntityLock;
import io.duraflow.api.TaskRegistry;
import io.duraflow.client.DurableClient;
import io.duraflow.json.JacksonDataConverter;
import io.duraflow.store.EntityPage;
import io.duraflow.store.EntityQuery;
import io.duraflow.store.OrchestrationStore;
import io.duraflow.store.OrchestrationStores;
import io.duraflow.store.StoreOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples of docs/entities.md, as written there: keeps the page's code running. */
class EntityDocsExampleTest {
  @TempDir Path data;

  /** docs/entities.md, "Defining entities". */
  public static final class Account {
    public long balance;

    public void deposit(long amount) {
      balance += amount;
    }

    public void withdraw(long amount) {
      if (amount > balance) {
        throw new IllegalArgumentException("balance " + balance + " is less than " + amount);
      }
      balance -= amount;
    }

    public long get() {
      return balance;
    }
  }

  static TaskRegistry registry() {
    return TaskRegistry.builder()
        .addEntity("Account", Account.class)
        .addEntity("Audit", ctx -> {
          List<String> lines = ctx.hasState() ? new ArrayList<>(List.of(ctx.getState(String[].class))) : new ArrayList<>();
          switch (ctx.operationName()) {
            case "log" -> {
              lines.add(ctx.getInput(String.class));
              ctx.setState(lines);
            }
            case "delete" -> ctx.deleteState();
            default -> throw new IllegalArgumentException("no operation " + ctx.operationName());
          }
          return lines.size();
        })
        .addOrchestration("Transfer", ctx -> {
          String[] t = ctx.getInput(String[].class);
          EntityInstanceId from = new EntityInstanceId("Account", t[0]);
          EntityInstanceId to = new EntityInstanceId("Account", t[1]);
          long amount = Long.parseLong(t[2]);
          try (EntityLock lock = ctx.lockEntities(from, to).await()) {
            if (ctx.callEntity(from, "get", null, Long.class).await() < amount) {
              return "insufficient funds";
            }
            ctx.callEntity(from, "withdraw", amount, Void.class).await();
            ctx.callEntity(to, "deposit", amount, Void.class).await();
          }
          ctx.signalEntity(new EntityInstanceId("Audit", "transfers"), "log", t[0] + "->" + t[1] + " " + amount);
          return "done";
        })
        .build();
  }

  @Test
  void transferExample_movesTheMoney_andTheClientSeesIt() throws Exception {
    try (OrchestrationStore store = OrchestrationStores.open(null, data, StoreOptions.defaults());
         DuraflowEngine engine = DuraflowEngine.builder().store(store).registry(registry()).build().start()) {
      DurableClient client = engine.client();
      EntityInstanceId alice = new EntityInstanceId("Account", "alice");
      client.signalEntity(alice, "deposit", 100);
      String ok = client.startNew("Transfer", List.of("alice", "bob", "30"));
      assertThat(client.waitForCompletion(ok, Duration.ofSeconds(60)).output()).isEqualTo("\"done\"");
      String refused = client.startNew("Transfer", List.of("alice", "bob", "500"));
      assertThat(client.waitForCompletion(refused, Duration.ofSeconds(60)).output()).isEqualTo("\"insufficient funds\"");
      JacksonDataConverter json = new JacksonDataConverter();
      assertThat(json.deserialize(client.getEntity(alice).orElseThrow().state(), Account.class).balance).isEqualTo(70);
      EntityPage page = client.queryEntities(new EntityQuery("@account@", null, null, true, false, 100, null));
      assertThat(page.entities()).extracting(e -> e.id().key()).containsExactly("alice", "bob");
      assertThat(json.deserialize(page.entities().get(1).state(), Account.class).balance).isEqualTo(30);
    }
  }
}
