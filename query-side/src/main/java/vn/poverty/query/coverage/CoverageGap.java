package vn.poverty.query.coverage;

/** A household entitled to a universal policy on the asOf date that holds no active grant of it. */
public record CoverageGap(
        String householdId, String communeCode, String hamlet, String headName, String status, String policyCode) {}
