/** The single-node SQLite store with group commit. */
package io.duraflow.store.sqlite;
