package io.duraflow.entity;

import io.duraflow.api.TaskEntity;
import io.duraflow.api.TaskEntityContext;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Runs a plain Java class as an entity, as Durable Functions' class-based entities do: the object is the
 * state (serialised to JSON between operations; a new one from the no-argument constructor when the
 * entity has no state), and its public methods are the operations, matched by name case-insensitively,
 * taking no argument or the operation's input (and optionally the {@link TaskEntityContext} first). The
 * operation {@code delete}, when the class has no such method, deletes the state.
 */
public final class ClassEntity<T> implements TaskEntity {
  private final Class<T> type;
  private final Map<String, Method> operations = new TreeMap<>();

  public ClassEntity(Class<T> type) {
    this.type = Objects.requireNonNull(type, "type");
    try {
      type.getConstructor();
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException("Entity class " + type.getName() + " needs a public no-argument constructor");
    }
    for (Method m : type.getMethods()) {
      if (m.getDeclaringClass() == Object.class || Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      int params = m.getParameterCount();
      boolean ctxFirst = params > 0 && m.getParameterTypes()[0] == TaskEntityContext.class;
      if (params > (ctxFirst ? 2 : 1)) {
        continue;
      }
      if (operations.put(m.getName().toLowerCase(Locale.ROOT), m) != null) {
        throw new IllegalArgumentException("Entity class " + type.getName() + " has two operations named '"
            + m.getName() + "' (operations are matched case-insensitively, overloads are not supported)");
      }
    }
  }

  @Override
  public Object run(TaskEntityContext ctx) throws Exception {
    String op = ctx.operationName().toLowerCase(Locale.ROOT);
    Method method = operations.get(op);
    if (method == null) {
      if (op.equals("delete")) {
        ctx.deleteState();
        return null;
      }
      throw new IllegalArgumentException("Entity '" + ctx.entityId().name() + "' has no operation '"
          + ctx.operationName() + "'; its operations: " + operations.keySet());
    }
    T self = ctx.hasState() ? ctx.getState(type) : type.getConstructor().newInstance();
    Class<?>[] params = method.getParameterTypes();
    Object[] args = new Object[params.length];
    for (int i = 0; i < params.length; i++) {
      args[i] = params[i] == TaskEntityContext.class ? ctx : ctx.getInput(params[i]);
    }
    Object result;
    try {
      result = method.invoke(self, args);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
    ctx.setState(self);
    return result;
  }
}
