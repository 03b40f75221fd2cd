package vn.poverty.query;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import vn.poverty.api.commune.AreaType;
import vn.poverty.api.commune.CommuneCreatedEvent;
import vn.poverty.api.commune.HouseholdCountRecordedEvent;
import vn.poverty.api.household.AssessmentId;
import vn.poverty.api.household.AssessmentKind;
import vn.poverty.api.household.AssessmentRecognizedEvent;
import vn.poverty.api.household.AssessmentRecordedEvent;
import vn.poverty.api.household.GrantEndedEvent;
import vn.poverty.api.household.GrantId;
import vn.poverty.api.household.GrantRevokedEvent;
import vn.poverty.api.household.HouseholdHead;
import vn.poverty.api.household.HouseholdId;
import vn.poverty.api.household.HouseholdRegisteredEvent;
import vn.poverty.api.household.HouseholdStatus;
import vn.poverty.api.household.PolicyGrantedEvent;
import vn.poverty.api.loan.LoanAppliedEvent;
import vn.poverty.api.loan.LoanApprovedEvent;
import vn.poverty.api.loan.LoanDisbursedEvent;
import vn.poverty.api.loan.LoanFellOverdueEvent;
import vn.poverty.api.loan.LoanId;
import vn.poverty.api.loan.LoanRejectedEvent;
import vn.poverty.api.loan.LoanSettledEvent;
import vn.poverty.api.loan.LoanWrittenOffEvent;
import vn.poverty.api.loan.RepaymentRecordedEvent;
import vn.poverty.api.loan.RepaymentSchedule;

/**
 * A history of domain events written by hand for the HTTP tests of the query side: each event gets the next sequence
 * number of its aggregate and the instant it was recorded at; {@link #publishTo} appends them all to the event store.
 */
final class EventHistory {

    private final Map<String, Long> sequences = new HashMap<>();
    private final List<DomainEventMessage<?>> events = new ArrayList<>();
    /** Per loan: its principal, term and what is still owed, to fill in what the Loan aggregate would. */
    private final Map<String, long[]> loans = new HashMap<>();

    private String actor = "test";

    /** A commune with its household totals as of 2022-12-31 (recorded 2023-01-05) and 2023-12-31 (2024-01-05). */
    void commune(String code, String name, AreaType areaType, int total2022, int total2023) {
        record("Commune", code, "2022-10-01T01:00:00Z", new CommuneCreatedEvent(code, name, areaType));
        record(
                "Commune",
                code,
                "2023-01-05T02:00:00Z",
                new HouseholdCountRecordedEvent(code, LocalDate.parse("2022-12-31"), total2022));
        record(
                "Commune",
                code,
                "2024-01-05T02:00:00Z",
                new HouseholdCountRecordedEvent(code, LocalDate.parse("2023-12-31"), total2023));
    }

    /** A further household total of a commune as of {@code asOf}, recorded at {@code recordedAt}. */
    void householdCount(String code, String asOf, int total, String recordedAt) {
        record("Commune", code, recordedAt, new HouseholdCountRecordedEvent(code, LocalDate.parse(asOf), total));
    }

    /** A grant of {@code policyCode} for validFrom..validTo (inclusive), recorded at {@code recordedAt}; its id. */
    String grant(String household, String policyCode, String validFrom, String validTo, String recordedAt) {
        GrantId id = GrantId.of(UUID.randomUUID());
        record(
                "Household",
                household,
                recordedAt,
                new PolicyGrantedEvent(
                        HouseholdId.of(household),
                        id,
                        policyCode,
                        LocalDate.parse(validFrom),
                        LocalDate.parse(validTo),
                        "G-" + policyCode,
                        0));
        return id.value();
    }

    /** An officer revoked the grant: inactive from {@code revokedOn}. */
    void revoke(String household, String grantId, String revokedOn, String recordedAt) {
        record(
                "Household",
                household,
                recordedAt,
                new GrantRevokedEvent(
                        HouseholdId.of(household),
                        GrantId.of(grantId),
                        LocalDate.parse(revokedOn),
                        "Không còn cư trú"));
    }

    /** The grant ended by itself after a recognition gave {@code status}: inactive from {@code endedOn}. */
    void end(
            String household,
            String grantId,
            String policyCode,
            String endedOn,
            HouseholdStatus status,
            String recordedAt) {
        record(
                "Household",
                household,
                recordedAt,
                new GrantEndedEvent(
                        HouseholdId.of(household),
                        GrantId.of(grantId),
                        policyCode,
                        LocalDate.parse(endedOn),
                        status,
                        "QĐ-" + endedOn));
    }

    /** A household of 4 registered on 2021-03-01 (recorded 2022-11-01), head born 1970; returns its id. */
    String household(
            String commune, AreaType areaType, String hamlet, String headName, String nationalId, boolean merit) {
        HouseholdId id = HouseholdId.of(UUID.randomUUID());
        record(
                "Household",
                id.value(),
                "2022-11-01T02:00:00Z",
                new HouseholdRegisteredEvent(
                        id,
                        commune,
                        hamlet,
                        areaType,
                        new HouseholdHead(headName, nationalId, 1970),
                        4,
                        merit,
                        false,
                        LocalDate.parse("2021-03-01")));
        return id.value();
    }

    /** Recorded the day after the assessment. */
    AssessmentId assess(
            String household,
            int period,
            AssessmentKind kind,
            String assessedOn,
            long income,
            int deprivationCount,
            HouseholdStatus proposed) {
        AssessmentId id = AssessmentId.of(UUID.randomUUID());
        List<String> deprivations = List.of("HEALTH_INSURANCE", "HOUSING_AREA", "SANITATION", "DRINKING_WATER")
                .subList(0, deprivationCount);
        LocalDate on = LocalDate.parse(assessedOn);
        record(
                "Household",
                household,
                on.plusDays(1) + "T02:00:00Z",
                new AssessmentRecordedEvent(
                        HouseholdId.of(household),
                        id,
                        period,
                        kind,
                        on,
                        "DECREE_07_2021",
                        income,
                        deprivations,
                        deprivationCount,
                        proposed));
        return id;
    }

    /** Recorded the day after the decision. */
    void recognize(
            String household,
            AssessmentId assessment,
            String decisionRef,
            String decidedOn,
            HouseholdStatus status,
            HouseholdStatus previous) {
        LocalDate on = LocalDate.parse(decidedOn);
        record(
                "Household",
                household,
                on.plusDays(1) + "T02:00:00Z",
                new AssessmentRecognizedEvent(
                        HouseholdId.of(household), assessment, decisionRef, on, status, previous));
    }

    // ---- loans: aggregate type "Loan", aggregate id = loan id; each event recorded at 03:00Z (10:00 in Vietnam) of
    // its effective date unless told otherwise

    /**
     * A loan application of a household of {@code commune} that was {@code status} on {@code appliedOn}, at the
     * programme's {@code rate} (e.g. "6.60"); its id.
     */
    String applyForLoan(
            String household,
            String commune,
            String programCode,
            String rate,
            long principal,
            int termMonths,
            String appliedOn,
            HouseholdStatus status) {
        LoanId id = LoanId.of(UUID.randomUUID());
        loans.put(id.value(), new long[] {principal, termMonths, 0});
        record(
                "Loan",
                id.value(),
                atThree(appliedOn),
                new LoanAppliedEvent(
                        id,
                        HouseholdId.of(household),
                        commune,
                        programCode,
                        principal,
                        termMonths,
                        new BigDecimal(rate),
                        "Chăn nuôi bò sinh sản",
                        LocalDate.parse(appliedOn),
                        status,
                        false));
        return id.value();
    }

    void approveLoan(String loan, String approvedOn) {
        record("Loan", loan, atThree(approvedOn), new LoanApprovedEvent(LoanId.of(loan), LocalDate.parse(approvedOn)));
    }

    void rejectLoan(String loan, String rejectedOn) {
        record(
                "Loan",
                loan,
                atThree(rejectedOn),
                new LoanRejectedEvent(LoanId.of(loan), LocalDate.parse(rejectedOn), "Phương án sản xuất chưa khả thi"));
    }

    /** Disbursed with the schedule of {@link RepaymentSchedule}. */
    void disburseLoan(String loan, String disbursedOn) {
        long[] terms = loans.get(loan);
        terms[2] = terms[0];
        LocalDate on = LocalDate.parse(disbursedOn);
        record(
                "Loan",
                loan,
                atThree(disbursedOn),
                new LoanDisbursedEvent(LoanId.of(loan), on, RepaymentSchedule.of(terms[0], (int) terms[1], on)));
    }

    /** A repayment recorded on the day it was paid; the settlement with it when nothing is owed any more. */
    void repayLoan(String loan, long amount, String paidOn) {
        repayLoan(loan, amount, paidOn, atThree(paidOn));
    }

    /** A repayment recorded at {@code recordedAt} (e.g. entered late); the settlement with it when it repays all. */
    void repayLoan(String loan, long amount, String paidOn, String recordedAt) {
        long[] terms = loans.get(loan);
        terms[2] -= amount;
        record(
                "Loan",
                loan,
                recordedAt,
                new RepaymentRecordedEvent(LoanId.of(loan), amount, LocalDate.parse(paidOn), terms[2]));
        if (terms[2] == 0) {
            record("Loan", loan, recordedAt, new LoanSettledEvent(LoanId.of(loan), LocalDate.parse(paidOn)));
        }
    }

    /** The outstanding principal given up on {@code writtenOffOn}, recorded at {@code recordedAt}. */
    void writeOffLoan(String loan, String writtenOffOn, String recordedAt) {
        record(
                "Loan",
                loan,
                recordedAt,
                new LoanWrittenOffEvent(
                        LoanId.of(loan), LocalDate.parse(writtenOffOn), "Hộ vay gặp thiên tai", loans.get(loan)[2]));
    }

    /** The daily check of {@code asOf} found the instalment of {@code instalmentDueOn} unpaid. */
    void loanFellOverdue(String loan, String asOf, String instalmentDueOn, long overdueAmount) {
        record(
                "Loan",
                loan,
                atThree(asOf),
                new LoanFellOverdueEvent(
                        LoanId.of(loan), LocalDate.parse(asOf), LocalDate.parse(instalmentDueOn), overdueAmount));
    }

    private static String atThree(String date) {
        return date + "T03:00:00Z";
    }

    /**
     * The events recorded from now on carry {@code actor} in their metadata ("test" until told otherwise), as the
     * command side's interceptor puts the user there.
     */
    void actor(String actor) {
        this.actor = actor;
    }

    /**
     * Appends an event of the aggregate with its next sequence number; metadata "actor" and, when the payload has a
     * {@code decisionRef} component, "decisionRef" (as the command side copies it there).
     */
    void record(String type, String aggregateId, String recordedAt, Object payload) {
        long sequence = sequences.merge(aggregateId, 0L, (last, ignored) -> last + 1);
        MetaData metaData = MetaData.with("actor", actor);
        String decisionRef = decisionRefOf(payload);
        if (decisionRef != null) {
            metaData = metaData.and("decisionRef", decisionRef);
        }
        events.add(new GenericDomainEventMessage<>(
                type,
                aggregateId,
                sequence,
                payload,
                metaData,
                UUID.randomUUID().toString(),
                Instant.parse(recordedAt)));
    }

    private static String decisionRefOf(Object payload) {
        if (!payload.getClass().isRecord()) {
            return null;
        }
        for (RecordComponent component : payload.getClass().getRecordComponents()) {
            if (component.getName().equals("decisionRef")) {
                try {
                    Object value = component.getAccessor().invoke(payload);
                    return value == null ? null : value.toString();
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return null;
    }

    int size() {
        return events.size();
    }

    void publishTo(EventStore eventStore) {
        eventStore.publish(events);
    }
}
