-- Running workers and the code they have (names, one per line), refreshed by a heartbeat: lets any node
-- tell work that waits for another node from work that no running node can do.
CREATE TABLE workers (
  worker_id       TEXT    NOT NULL PRIMARY KEY,
  started_at      BIGINT  NOT NULL,
  heartbeat_at    BIGINT  NOT NULL,
  orchestrations  TEXT    NOT NULL,
  activities      TEXT    NOT NULL
);
