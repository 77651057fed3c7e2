package com.example.greetings;

import io.duraflow.api.TaskRegistry;
import io.duraflow.server.DuraflowServer;
import java.nio.file.Path;

/**
 * The embedded way: this process is a Duraflow node serving the Greetings orchestration over the Durable
 * Functions HTTP API. Run: {@code java -cp ... com.example.greetings.GreetingsApp [PORT]}, then
 * {@code curl -X POST 'http://127.0.0.1:PORT/api/orchestrators/Greetings?code=KEY' -d '["Lima","Oslo"]'}.
 */
public final class GreetingsApp {
  private GreetingsApp() {}

  /** Starts the node; the caller closes it. */
  public static DuraflowServer start(Path dataDir, int port) {
    TaskRegistry registry = Greetings.register(TaskRegistry.builder()).build();
    return DuraflowServer.builder(registry).dataDir(dataDir).port(port).start();
  }

  public static void main(String[] args) throws InterruptedException {
    DuraflowServer server = start(Path.of("greetings-data"), args.length > 0 ? Integer.parseInt(args[0]) : 8080);
    System.out.println("Greetings API at " + server.baseUri() + " (key in greetings-data/master.key)");
    server.awaitShutdown();
  }
}
