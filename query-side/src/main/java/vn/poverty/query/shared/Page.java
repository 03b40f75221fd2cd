package vn.poverty.query.shared;

import java.util.List;

/** One page of a list: {@code items}, the page number and size asked for, and the total number of items. */
public record Page<T>(List<T> items, int page, int size, long total) {}
