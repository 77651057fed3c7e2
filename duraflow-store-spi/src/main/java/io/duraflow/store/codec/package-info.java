/** JSON encoding of history events for storage. */
package io.duraflow.store.codec;
