-- The parent's full address on the child's row, so a finishing child reports to its parent without
-- reading its own history (a step is one value, applied in one transaction).
ALTER TABLE instances
  ADD COLUMN parent_task_hub     TEXT,
  ADD COLUMN parent_execution_id TEXT,
  ADD COLUMN parent_task_id      INTEGER;

-- Children that already exist: from the ExecutionStarted in their history, or in their inbox (not started yet).
UPDATE instances i
   SET parent_task_hub     = h.event::json -> 'parent' ->> 'taskHub',
       parent_execution_id = h.event::json -> 'parent' ->> 'executionId',
       parent_task_id      = (h.event::json -> 'parent' ->> 'taskId')::integer
  FROM history h
 WHERE i.parent_instance_id IS NOT NULL
   AND h.task_hub = i.task_hub AND h.instance_id = i.instance_id AND h.execution_id = i.execution_id
   AND h.event_type = 'ExecutionStarted';

UPDATE instances i
   SET parent_task_hub     = m.event::json -> 'parent' ->> 'taskHub',
       parent_execution_id = m.event::json -> 'parent' ->> 'executionId',
       parent_task_id      = (m.event::json -> 'parent' ->> 'taskId')::integer
  FROM inbox m
 WHERE i.parent_instance_id IS NOT NULL AND i.parent_task_id IS NULL
   AND m.task_hub = i.task_hub AND m.instance_id = i.instance_id AND m.event_type = 'ExecutionStarted';
