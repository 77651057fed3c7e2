-- Leave room in each page for HOT updates: claims and lease renewals change no indexed column, so with
-- free space on the page PostgreSQL updates the row without touching any index.
ALTER TABLE instances SET (fillfactor = 80);
ALTER TABLE activities SET (fillfactor = 80);
