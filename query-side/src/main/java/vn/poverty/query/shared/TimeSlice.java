package vn.poverty.query.shared;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The two times of a bitemporal read: {@code asOf}, the date whose state in force is wanted (effective dates), and
 * {@code knownAt}, the instant up to which recorded events are taken into account.
 */
public record TimeSlice(LocalDate asOf, Instant knownAt) {}
