package vn.poverty.query.loan;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import vn.poverty.api.household.HouseholdId;
import vn.poverty.api.household.HouseholdStatus;
import vn.poverty.api.loan.LoanAppliedEvent;
import vn.poverty.api.loan.LoanApprovedEvent;
import vn.poverty.api.loan.LoanDisbursedEvent;
import vn.poverty.api.loan.LoanFellOverdueEvent;
import vn.poverty.api.loan.LoanId;
import vn.poverty.api.loan.LoanRejectedEvent;
import vn.poverty.api.loan.LoanSettledEvent;
import vn.poverty.api.loan.LoanState;
import vn.poverty.api.loan.LoanWrittenOffEvent;
import vn.poverty.api.loan.RepaymentRecordedEvent;
import vn.poverty.api.loan.RepaymentSchedule;
import vn.poverty.query.QueryDatabase;
import vn.poverty.query.shared.ProjectionWrites;
import vn.poverty.query.shared.TimeSlice;

/**
 * The loan projection's handlers called directly on a real PostgreSQL: every event handled twice (a stolen segment
 * claim, a retried batch) leaves the same rows as handled once, and a reset empties the loan tables.
 */
class LoanProjectionIT {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    private final LoanId loan = LoanId.of(UUID.randomUUID());
    private final LoanId other = LoanId.of(UUID.randomUUID());
    private final HouseholdId household = HouseholdId.of(UUID.randomUUID());
    private final LocalDate disbursedOn = LocalDate.of(2023, 3, 1);

    /** A loan from application to settlement, then another written off after a missed instalment. */
    private final List<DomainEventMessage<?>> life = List.of(
            message(
                    loan,
                    0,
                    "2023-02-01T03:00:00Z",
                    new LoanAppliedEvent(
                            loan,
                            household,
                            "C01",
                            "POOR_HOUSEHOLD",
                            30_000_000,
                            12,
                            new BigDecimal("6.60"),
                            "Nuôi bò",
                            LocalDate.of(2023, 2, 1),
                            HouseholdStatus.POOR,
                            false)),
            message(loan, 1, "2023-02-10T03:00:00Z", new LoanApprovedEvent(loan, LocalDate.of(2023, 2, 10))),
            message(
                    loan,
                    2,
                    "2023-03-01T03:00:00Z",
                    new LoanDisbursedEvent(loan, disbursedOn, RepaymentSchedule.of(30_000_000, 12, disbursedOn))),
            message(
                    loan,
                    3,
                    "2023-08-25T03:00:00Z",
                    new RepaymentRecordedEvent(loan, 15_000_000, LocalDate.of(2023, 8, 25), 15_000_000)),
            message(
                    loan,
                    4,
                    "2023-12-15T03:00:00Z",
                    new RepaymentRecordedEvent(loan, 15_000_000, LocalDate.of(2023, 12, 15), 0)),
            message(loan, 5, "2023-12-15T03:00:00Z", new LoanSettledEvent(loan, LocalDate.of(2023, 12, 15))),
            message(
                    other,
                    0,
                    "2023-02-01T03:00:00Z",
                    new LoanAppliedEvent(
                            other,
                            household,
                            "C01",
                            "NEAR_POOR_HOUSEHOLD",
                            12_000_000,
                            6,
                            new BigDecimal("7.92"),
                            "Sửa nhà",
                            LocalDate.of(2023, 2, 1),
                            HouseholdStatus.NEAR_POOR,
                            false)),
            message(other, 1, "2023-02-10T03:00:00Z", new LoanApprovedEvent(other, LocalDate.of(2023, 2, 10))),
            message(
                    other,
                    2,
                    "2023-03-01T03:00:00Z",
                    new LoanDisbursedEvent(other, disbursedOn, RepaymentSchedule.of(12_000_000, 6, disbursedOn))),
            message(
                    other,
                    3,
                    "2023-09-02T03:00:00Z",
                    new LoanFellOverdueEvent(other, LocalDate.of(2023, 9, 2), LocalDate.of(2023, 9, 1), 12_000_000)),
            message(
                    other,
                    4,
                    "2023-10-01T03:00:00Z",
                    new LoanWrittenOffEvent(other, LocalDate.of(2023, 10, 1), "Thiên tai", 12_000_000)));

    private JdbcTemplate jdbc;
    private LoanProjection projection;
    private LoanQueries queries;

    @BeforeEach
    void freshDatabase() {
        jdbc = QueryDatabase.migrated();
        queries = new LoanQueries(jdbc);
        projection = new LoanProjection(new ProjectionWrites(jdbc), new LoanTallies(jdbc, queries));
    }

    @Test
    void everyEventHandledTwiceLeavesTheRowsOfOnce() {
        life.forEach(this::handle);
        List<Map<String, Object>> once = rows();
        life.forEach(this::handle);

        assertThat(rows()).isEqualTo(once);
        assertThat(count("q_loan")).isEqualTo(2);
        // loan: approved, disbursed, 2 repayments, settled; other: approved, disbursed, overdue, written off
        assertThat(count("q_loan_event")).isEqualTo(9);
        assertThat(count("q_loan_instalment")).isEqualTo(3);
        LoanView settled = queries.find(loan.value(), new TimeSlice(LocalDate.of(2024, 1, 1), NOW))
                .orElseThrow();
        assertThat(settled.state()).isEqualTo(LoanState.SETTLED);
        assertThat(settled.repayments())
                .extracting(LoanView.Repayment::amount)
                .containsExactly(15_000_000L, 15_000_000L);
        assertThat(settled.schedule()).hasSize(2);
    }

    @Test
    void repaymentsHandledOutOfOrderKeepTheirDates() {
        handle(life.get(0));
        handle(life.get(1));
        handle(life.get(2));
        handle(life.get(4));
        handle(life.get(3));

        LoanView view = queries.find(loan.value(), new TimeSlice(LocalDate.of(2023, 12, 14), NOW))
                .orElseThrow();
        assertThat(view.repayments()).extracting(r -> r.paidOn().toString()).containsExactly("2023-08-25");
        assertThat(view.outstanding()).isEqualTo(15_000_000);
    }

    @Test
    void applicationKeepsTheRateExactlyAndTheEvidenceOfEligibility() {
        handle(life.get(0));

        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM q_loan WHERE loan_id = ?", loan.value());
        assertThat(row.get("annual_rate_percent")).isEqualTo(new BigDecimal("6.60"));
        assertThat(row)
                .containsEntry("household_id", household.value())
                .containsEntry("commune_code", "C01")
                .containsEntry("program_code", "POOR_HOUSEHOLD")
                .containsEntry("principal", 30_000_000L)
                .containsEntry("term_months", 12)
                .containsEntry("household_status", "POOR")
                .containsEntry("purpose", "Nuôi bò");
    }

    @Test
    void rejectionIsAFactWithItsReason() {
        handle(message(other, 0, "2023-02-01T03:00:00Z", life.get(6).getPayload()));
        DomainEventMessage<?> rejected = message(
                other,
                1,
                "2023-02-05T03:00:00Z",
                new LoanRejectedEvent(other, LocalDate.of(2023, 2, 5), "Thiếu phương án"));
        handle(rejected);
        handle(rejected);

        assertThat(jdbc.queryForMap("SELECT kind, effective_on, amount, reason FROM q_loan_event"))
                .containsEntry("kind", "REJECTED")
                .containsEntry("effective_on", java.sql.Date.valueOf("2023-02-05"))
                .containsEntry("amount", 0L)
                .containsEntry("reason", "Thiếu phương án");
    }

    @Test
    void resetEmptiesTheLoanTables() {
        life.forEach(this::handle);

        projection.reset();

        assertThat(count("q_loan") + count("q_loan_event") + count("q_loan_instalment"))
                .isZero();
    }

    // ---- helpers

    /** Dispatches like the processor: the payload and its message. */
    private void handle(DomainEventMessage<?> message) {
        Object payload = message.getPayload();
        if (payload instanceof LoanAppliedEvent e) {
            projection.on(e, message);
        } else if (payload instanceof LoanApprovedEvent e) {
            projection.on(e, message);
        } else if (payload instanceof LoanRejectedEvent e) {
            projection.on(e, message);
        } else if (payload instanceof LoanDisbursedEvent e) {
            projection.on(e, message);
        } else if (payload instanceof RepaymentRecordedEvent e) {
            projection.on(e, message);
        } else if (payload instanceof LoanSettledEvent e) {
            projection.on(e, message);
        } else if (payload instanceof LoanWrittenOffEvent e) {
            projection.on(e, message);
        } else if (payload instanceof LoanFellOverdueEvent e) {
            projection.on(e, message);
        } else {
            throw new IllegalArgumentException("Not a loan event: " + payload);
        }
    }

    private List<Map<String, Object>> rows() {
        return List.of(
                        jdbc.queryForList("SELECT * FROM q_loan ORDER BY loan_id"),
                        jdbc.queryForList("SELECT * FROM q_loan_event ORDER BY event_id"),
                        jdbc.queryForList("SELECT * FROM q_loan_instalment ORDER BY loan_id, instalment"))
                .stream()
                .flatMap(List::stream)
                .toList();
    }

    private int count(String table) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table, Integer.class);
    }

    private static DomainEventMessage<?> message(LoanId loan, long sequence, String recordedAt, Object payload) {
        return new GenericDomainEventMessage<>(
                "Loan",
                loan.value(),
                sequence,
                payload,
                MetaData.emptyInstance(),
                UUID.randomUUID().toString(),
                Instant.parse(recordedAt));
    }
}
