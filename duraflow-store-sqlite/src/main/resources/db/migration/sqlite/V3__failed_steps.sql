-- Failed attempts in a row at an instance's next step, counted by the store so that a poison step is given
-- up on after the same number of attempts however many nodes try it (a commit resets it).
ALTER TABLE instances ADD COLUMN failed_steps INTEGER NOT NULL DEFAULT 0;
