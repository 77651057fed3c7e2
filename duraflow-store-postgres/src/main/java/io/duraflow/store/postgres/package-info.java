/** The multi-node PostgreSQL store with SKIP LOCKED claims and LISTEN/NOTIFY wake-ups. */
package io.duraflow.store.postgres;
