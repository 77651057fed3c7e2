-- Activity timeouts, heartbeats and cancellation (docs/activities.md). Durations in milliseconds, points in
-- time UTC epoch milliseconds. started_at is the attempt's first claim; heartbeat_at its last heartbeat.
-- timed = 1 marks the rows the deadline sweep looks at (a deadline is set, or cancellation was requested),
-- so that the sweep reads a small partial index instead of every activity row.
ALTER TABLE activities ADD COLUMN start_to_close_ms BIGINT;
ALTER TABLE activities ADD COLUMN heartbeat_timeout_ms BIGINT;
ALTER TABLE activities ADD COLUMN schedule_to_close_at BIGINT;
ALTER TABLE activities ADD COLUMN started_at BIGINT;
ALTER TABLE activities ADD COLUMN heartbeat_at BIGINT;
ALTER TABLE activities ADD COLUMN heartbeat_details TEXT;
ALTER TABLE activities ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0;
ALTER TABLE activities ADD COLUMN timed INTEGER NOT NULL DEFAULT 0;
CREATE INDEX activities_timed ON activities (id) WHERE timed = 1;
