package io.duraflow.store;

import java.util.List;

/** One page of entities; {@code continuationToken} is null on the last page. */
public record EntityPage(List<EntityRecord> entities, String continuationToken) {}
