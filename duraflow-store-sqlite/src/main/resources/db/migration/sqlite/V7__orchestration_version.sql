-- The version of the orchestration's code an instance started on (ExecutionStarted.version): claims admit
-- an instance only to a worker with that version, and listings filter by it. NULL for unversioned instances
-- and for rows written before this version, which run on the default version.
ALTER TABLE instances ADD COLUMN orchestration_version TEXT;
