-- The parent's full address on the child's row, so a finishing child reports to its parent without
-- reading its own history (a step is one value, applied in one transaction).
ALTER TABLE instances ADD COLUMN parent_task_hub TEXT;
ALTER TABLE instances ADD COLUMN parent_execution_id TEXT;
ALTER TABLE instances ADD COLUMN parent_task_id INTEGER;

-- Children that already exist: from the ExecutionStarted in their history, or in their inbox (not started yet).
UPDATE instances
   SET parent_task_hub     = (SELECT json_extract(h.event, '$.parent.taskHub') FROM history h
                               WHERE h.task_hub = instances.task_hub AND h.instance_id = instances.instance_id
                                 AND h.execution_id = instances.execution_id AND h.event_type = 'ExecutionStarted'),
       parent_execution_id = (SELECT json_extract(h.event, '$.parent.executionId') FROM history h
                               WHERE h.task_hub = instances.task_hub AND h.instance_id = instances.instance_id
                                 AND h.execution_id = instances.execution_id AND h.event_type = 'ExecutionStarted'),
       parent_task_id      = (SELECT json_extract(h.event, '$.parent.taskId') FROM history h
                               WHERE h.task_hub = instances.task_hub AND h.instance_id = instances.instance_id
                                 AND h.execution_id = instances.execution_id AND h.event_type = 'ExecutionStarted')
 WHERE parent_instance_id IS NOT NULL;

UPDATE instances
   SET parent_task_hub     = (SELECT json_extract(m.event, '$.parent.taskHub') FROM inbox m
                               WHERE m.task_hub = instances.task_hub AND m.instance_id = instances.instance_id
                                 AND m.event_type = 'ExecutionStarted' ORDER BY m.id LIMIT 1),
       parent_execution_id = (SELECT json_extract(m.event, '$.parent.executionId') FROM inbox m
                               WHERE m.task_hub = instances.task_hub AND m.instance_id = instances.instance_id
                                 AND m.event_type = 'ExecutionStarted' ORDER BY m.id LIMIT 1),
       parent_task_id      = (SELECT json_extract(m.event, '$.parent.taskId') FROM inbox m
                               WHERE m.task_hub = instances.task_hub AND m.instance_id = instances.instance_id
                                 AND m.event_type = 'ExecutionStarted' ORDER BY m.id LIMIT 1)
 WHERE parent_instance_id IS NOT NULL AND parent_task_id IS NULL;
