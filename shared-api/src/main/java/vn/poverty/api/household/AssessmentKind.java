package vn.poverty.api.household;

/** The yearly review ({@code ANNUAL}, at most one per household and period) or an ad-hoc review at any time. */
public enum AssessmentKind {
    ANNUAL,
    ADHOC
}
