-- Duraflow store schema (PostgreSQL). Timestamps are UTC epoch milliseconds (BIGINT).
-- instances.next_visible_at caches min(inbox.visible_at) of the instance, so that the claim query is an
-- index range scan instead of a join over the whole inbox.
CREATE TABLE instances (
  task_hub           TEXT    NOT NULL,
  instance_id        TEXT    NOT NULL,
  name               TEXT    NOT NULL,
  execution_id       TEXT,
  runtime_status     TEXT    NOT NULL,
  input              TEXT,
  output             TEXT,
  custom_status      TEXT,
  failure_details    TEXT,
  created_at         BIGINT  NOT NULL,
  last_updated_at    BIGINT  NOT NULL,
  scheduled_start_at BIGINT,
  parent_instance_id TEXT,
  history_size       INTEGER NOT NULL DEFAULT 0,
  next_visible_at    BIGINT,
  lock_owner         TEXT,
  lock_expires_at    BIGINT,
  version            BIGINT  NOT NULL DEFAULT 0,
  PRIMARY KEY (task_hub, instance_id)
);
CREATE INDEX instances_ready ON instances (next_visible_at) WHERE next_visible_at IS NOT NULL;
CREATE INDEX instances_created ON instances (task_hub, created_at, instance_id);

CREATE TABLE history (
  task_hub     TEXT    NOT NULL,
  instance_id  TEXT    NOT NULL,
  execution_id TEXT    NOT NULL,
  seq          INTEGER NOT NULL,
  event_type   TEXT    NOT NULL,
  event        TEXT    NOT NULL,
  ts           BIGINT  NOT NULL,
  PRIMARY KEY (task_hub, instance_id, execution_id, seq)
);

CREATE TABLE inbox (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_hub     TEXT    NOT NULL,
  instance_id  TEXT    NOT NULL,
  execution_id TEXT,
  event_type   TEXT    NOT NULL,
  event        TEXT    NOT NULL,
  visible_at   BIGINT  NOT NULL
);
CREATE INDEX inbox_instance ON inbox (task_hub, instance_id, visible_at);

CREATE TABLE activities (
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_hub        TEXT    NOT NULL,
  instance_id     TEXT    NOT NULL,
  execution_id    TEXT,
  task_id         INTEGER NOT NULL,
  name            TEXT    NOT NULL,
  input           TEXT,
  visible_at      BIGINT  NOT NULL,
  lock_owner      TEXT,
  lock_expires_at BIGINT,
  version         BIGINT  NOT NULL DEFAULT 0,
  dequeue_count   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX activities_ready ON activities (visible_at);
CREATE INDEX activities_instance ON activities (task_hub, instance_id);
