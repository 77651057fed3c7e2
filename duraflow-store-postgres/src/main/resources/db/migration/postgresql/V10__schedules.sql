-- Schedules (io.duraflow.schedule): the definition is the runtime's JSON; the store guards the row with
-- version (every change is a compare-and-set), so one node wins each due time. Times are UTC epoch ms.
CREATE TABLE schedules (
  task_hub          TEXT    NOT NULL,
  schedule_id       TEXT    NOT NULL,
  definition        TEXT    NOT NULL,
  next_due_at       BIGINT,
  buffered_due_at   BIGINT,
  last_instance_id  TEXT,
  paused            SMALLINT NOT NULL DEFAULT 0,
  note              TEXT,
  created_at        BIGINT  NOT NULL,
  updated_at        BIGINT  NOT NULL,
  version           BIGINT  NOT NULL,
  PRIMARY KEY (task_hub, schedule_id)
);
CREATE INDEX schedules_next_due ON schedules (next_due_at);
