package vn.poverty.api.loan;

import java.time.LocalDate;

/** Principal falling due on a date (VND). */
public record Instalment(LocalDate dueOn, long amount) {}
