package io.duraflow.store;

import java.util.List;

/** One page of instances; {@code continuationToken} is null on the last page. */
public record InstancePage(List<InstanceRecord> instances, String continuationToken) {}
