-- Durable entities. An entity has a row of its own (state, last operation time, the orchestration
-- holding its lock) and a queue of operations in entity_ops, apart from instances and inbox: entities have
-- no history, no runtime status and no orchestration name, so keeping them out of the instance tables
-- leaves instance claims, lists, counts and purges exactly as they were. Messages addressed to the
-- instance id @name@key (as Durable Functions addresses entities) are routed here.
-- entities.next_visible_at caches the earliest visible operation that can run, the entity claim's ready
-- index, as instances.next_visible_at does for instances. Timestamps are UTC epoch milliseconds.
CREATE TABLE entities (
  task_hub          TEXT    NOT NULL,
  name              TEXT    NOT NULL,
  entity_key        TEXT    NOT NULL,
  state             TEXT,
  created_at        INTEGER  NOT NULL,
  last_operation_at INTEGER,
  locked_by         TEXT,
  next_visible_at   INTEGER,
  lock_owner        TEXT,
  lock_expires_at   INTEGER,
  version           INTEGER  NOT NULL DEFAULT 0,
  PRIMARY KEY (task_hub, name, entity_key)
);
CREATE INDEX entities_ready ON entities (next_visible_at) WHERE next_visible_at IS NOT NULL;

CREATE TABLE entity_ops (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  task_hub   TEXT    NOT NULL,
  name       TEXT    NOT NULL,
  entity_key TEXT    NOT NULL,
  event_type TEXT    NOT NULL,
  event      TEXT    NOT NULL,
  visible_at INTEGER  NOT NULL
);
CREATE INDEX entity_ops_queue ON entity_ops (task_hub, name, entity_key, id);
