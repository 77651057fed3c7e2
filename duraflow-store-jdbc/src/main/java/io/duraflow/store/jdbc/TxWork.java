package io.duraflow.store.jdbc;

import java.sql.SQLException;

/** Store logic that runs inside one transaction and may throw domain exceptions or SQL errors. */
@FunctionalInterface
public interface TxWork<T> {
  T run(Tx tx) throws SQLException;
}
