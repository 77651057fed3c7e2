-- Named task queues (docs/queues.md). An activity or instance row names its queue (NULL: the default queue,
-- claimed as before) and a priority; a queue's limits live in task_queues so that every node claims under
-- the same ones, and queue_starts keeps the claim times of the last rate period (kind: activity or instance).
ALTER TABLE instances ADD COLUMN queue TEXT;
ALTER TABLE instances ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
CREATE INDEX instances_queue ON instances (queue, runtime_status, priority DESC, next_visible_at)
  WHERE queue IS NOT NULL;
ALTER TABLE activities ADD COLUMN queue TEXT;
ALTER TABLE activities ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
CREATE INDEX activities_queue ON activities (queue, priority DESC, visible_at, id) WHERE queue IS NOT NULL;

CREATE TABLE task_queues (
  name           TEXT    NOT NULL PRIMARY KEY,
  concurrency    INTEGER,
  rate_limit     INTEGER,
  rate_period_ms INTEGER,
  updated_at     INTEGER NOT NULL
);

CREATE TABLE queue_starts (
  queue      TEXT    NOT NULL,
  kind       TEXT    NOT NULL,
  started_at INTEGER NOT NULL
);
CREATE INDEX queue_starts_recent ON queue_starts (queue, kind, started_at);

-- User tags (search attributes) of an instance, set at start or by the orchestration.
CREATE TABLE instance_tags (
  task_hub    TEXT NOT NULL,
  instance_id TEXT NOT NULL,
  tag_key     TEXT NOT NULL,
  tag_value   TEXT NOT NULL,
  PRIMARY KEY (task_hub, instance_id, tag_key)
);
CREATE INDEX instance_tags_lookup ON instance_tags (task_hub, tag_key, tag_value);
