package io.duraflow.testkit;

import io.duraflow.store.OrchestrationStepCommit;
import io.duraflow.store.OrchestrationStore;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;

/**
 * The store as the test worker sees it: every call goes to the real store, except that the next step
 * commit can be made to fail the way a fault would make it fail. A dynamic proxy rather than a forwarding
 * class, so that methods added to the store SPI later pass through without changes here.
 *
 * <p>Armed for one commit at a time by the environment, on its one driving thread.
 */
final class FaultyStore implements InvocationHandler {
  private final OrchestrationStore delegate;
  private FaultKind armed;

  private FaultyStore(OrchestrationStore delegate) {
    this.delegate = delegate;
  }

  /** The proxy and its control. */
  static FaultyStore wrapping(OrchestrationStore delegate) {
    return new FaultyStore(delegate);
  }

  OrchestrationStore proxy() {
    return (OrchestrationStore) Proxy.newProxyInstance(OrchestrationStore.class.getClassLoader(),
        new Class<?>[] {OrchestrationStore.class}, this);
  }

  /** Makes the next {@code commit} suffer {@code kind} (null: none). */
  void arm(FaultKind kind) {
    this.armed = kind;
  }

  /** Whether the armed fault has not fired (the step never reached its commit). */
  boolean stillArmed() {
    return armed != null;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    FaultKind fault = armed;
    boolean isCommit = method.getName().equals("commit") && args != null && args.length == 1
        && args[0] instanceof OrchestrationStepCommit;
    if (isCommit && fault != null) {
      armed = null;
      OrchestrationStepCommit commit = (OrchestrationStepCommit) args[0];
      switch (fault) {
        case BEFORE_COMMIT -> throw new SimulatedCrash("before the commit of instance '" + commit.item().instanceId() + "'");
        case LOSE_LEASE -> delegate.abandon(commit.item(), Duration.ZERO); // another party took the lease meanwhile
        default -> { }
      }
      Object result = call(method, args);
      if (fault == FaultKind.AFTER_COMMIT) {
        throw new SimulatedCrash("after the commit of instance '" + commit.item().instanceId() + "'");
      }
      return result;
    }
    return call(method, args);
  }

  private Object call(Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
