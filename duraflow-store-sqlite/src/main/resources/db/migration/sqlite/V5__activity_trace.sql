-- The W3C trace context of the step that scheduled an activity, so that its span joins the instance's trace
-- wherever and whenever it runs. NULL for untraced work and for rows written before this version.
ALTER TABLE activities ADD COLUMN trace_parent TEXT;
ALTER TABLE activities ADD COLUMN trace_state TEXT;
