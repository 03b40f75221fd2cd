package vn.poverty.api.loan;

/** Where a loan is in its life: applied → approved (or rejected) → disbursed → settled or written off. */
public enum LoanState {
    APPLIED,
    APPROVED,
    REJECTED,
    DISBURSED,
    SETTLED,
    WRITTEN_OFF;

    /** Counts against "one active loan per programme per household". */
    public boolean open() {
        return this == APPLIED || this == APPROVED || this == DISBURSED;
    }
}
