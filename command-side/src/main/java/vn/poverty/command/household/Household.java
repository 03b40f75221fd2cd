package vn.poverty.command.household;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import vn.poverty.api.commune.AreaType;
import vn.poverty.api.household.AssessmentCorrectedEvent;
import vn.poverty.api.household.AssessmentId;
import vn.poverty.api.household.AssessmentKind;
import vn.poverty.api.household.AssessmentRecognizedEvent;
import vn.poverty.api.household.AssessmentRecordedEvent;
import vn.poverty.api.household.AssessmentRecordedResponse;
import vn.poverty.api.household.CorrectAssessmentCommand;
import vn.poverty.api.household.GrantEndedEvent;
import vn.poverty.api.household.GrantId;
import vn.poverty.api.household.GrantPolicyCommand;
import vn.poverty.api.household.GrantRevokedEvent;
import vn.poverty.api.household.GrantRevokedResponse;
import vn.poverty.api.household.HouseholdId;
import vn.poverty.api.household.HouseholdRegisteredEvent;
import vn.poverty.api.household.HouseholdStatus;
import vn.poverty.api.household.PolicyGrantedEvent;
import vn.poverty.api.household.PolicyGrantedResponse;
import vn.poverty.api.household.RecognizeAssessmentCommand;
import vn.poverty.api.household.RecordAssessmentCommand;
import vn.poverty.api.household.RegisterHouseholdCommand;
import vn.poverty.api.household.RevokeGrantCommand;
import vn.poverty.api.household.StatusDecisionResponse;
import vn.poverty.api.household.StatusHistory;
import vn.poverty.command.household.standard.PovertyStandard;
import vn.poverty.command.household.standard.PovertyStandards;
import vn.poverty.command.shared.DomainException;
import vn.poverty.command.shared.ImportScopedCache;
import vn.poverty.platform.policy.Policy;
import vn.poverty.platform.policy.PolicyCatalogue;

/**
 * A registered household: its reviews, the decisions that recognise them, its status over time, and the policies
 * granted to it (a grant's entitlement depends on the status, so both live in one consistency boundary).
 */
@Aggregate(cache = ImportScopedCache.BEAN)
public class Household {

    /** Metadata key of a decision's reference (number/symbol of the official decision). */
    public static final String DECISION_REF = "decisionRef";

    @AggregateIdentifier
    private HouseholdId householdId;

    private AreaType areaType;
    private String communeCode;
    private final Map<AssessmentId, Assessment> assessments = new HashMap<>();
    private final Set<Integer> annualPeriods = new HashSet<>();
    /** Recognitions and corrections, from which the status on any date is read ({@link StatusHistory}). */
    private final List<StatusHistory.Fact> statusFacts = new ArrayList<>();

    private final Map<GrantId, Grant> grants = new LinkedHashMap<>();

    /** What the aggregate needs to remember of one assessment. */
    private record Assessment(
            AssessmentKind kind,
            LocalDate assessedOn,
            String standard,
            HouseholdStatus proposedStatus,
            LocalDate decidedOn,
            HouseholdStatus recognisedStatus,
            String decisionRef,
            long recognitionSequence) {

        boolean recognised() {
            return decidedOn != null;
        }
    }

    /** A grant: active from {@code validFrom} to {@code validTo} inclusive, and not from {@code endsOn} on. */
    private record Grant(String policyCode, LocalDate validFrom, LocalDate validTo, LocalDate endsOn) {

        /** The last day the grant is active, or null when it ended before it began. */
        LocalDate lastActiveDay() {
            LocalDate last = endsOn == null || endsOn.isAfter(validTo) ? validTo : endsOn.minusDays(1);
            return last.isBefore(validFrom) ? null : last;
        }

        boolean overlaps(LocalDate from, LocalDate to) {
            LocalDate last = lastActiveDay();
            return last != null && !from.isAfter(last) && !to.isBefore(validFrom);
        }

        Grant endingOn(LocalDate date) {
            return new Grant(policyCode, validFrom, validTo, endsOn == null || date.isBefore(endsOn) ? date : endsOn);
        }
    }

    protected Household() {
        // for Axon
    }

    Household(RegisterHouseholdCommand command, AreaType areaType) {
        apply(new HouseholdRegisteredEvent(
                command.householdId(),
                command.communeCode(),
                command.hamlet(),
                areaType,
                command.head(),
                command.memberCount(),
                command.meritHousehold(),
                command.ethnicMinority(),
                command.registeredOn()));
    }

    @CommandHandler
    AssessmentRecordedResponse handle(RecordAssessmentCommand command, PovertyStandards standards) {
        PovertyStandard standard = resolveStandard(command, standards);
        List<String> deprivations = checkedDeprivations(command.deprivations(), standard);
        if (command.kind() == AssessmentKind.ANNUAL && annualPeriods.contains(command.period())) {
            throw DomainException.rule(
                    "PERIOD_ALREADY_ASSESSED",
                    "The household already has an annual assessment for period " + command.period());
        }
        if (assessments.containsKey(command.assessmentId())) {
            throw DomainException.conflict("ASSESSMENT_EXISTS", "Assessment " + command.assessmentId() + " exists");
        }
        HouseholdStatus proposed = standard.classify(areaType, command.incomePerCapita(), deprivations.size());
        apply(new AssessmentRecordedEvent(
                householdId,
                command.assessmentId(),
                command.period(),
                command.kind(),
                command.assessedOn(),
                standard.code(),
                command.incomePerCapita(),
                deprivations,
                deprivations.size(),
                proposed));
        return new AssessmentRecordedResponse(command.assessmentId(), standard.code(), proposed, deprivations.size());
    }

    @CommandHandler
    StatusDecisionResponse handle(RecognizeAssessmentCommand command, PolicyCatalogue policies) {
        Assessment assessment = existing(command.assessmentId());
        if (assessment.recognised()) {
            throw DomainException.conflict(
                    "ALREADY_RECOGNISED",
                    "Assessment " + command.assessmentId() + " was already recognised on " + assessment.decidedOn());
        }
        if (command.decidedOn().isBefore(assessment.assessedOn())) {
            throw DomainException.rule(
                    "DECISION_BEFORE_ASSESSMENT",
                    "The decision date " + command.decidedOn() + " is before the assessment date "
                            + assessment.assessedOn());
        }
        HouseholdStatus previous = history().statusOn(command.decidedOn());
        apply(
                new AssessmentRecognizedEvent(
                        householdId,
                        command.assessmentId(),
                        command.decisionRef(),
                        command.decidedOn(),
                        assessment.proposedStatus(),
                        previous),
                decision(command.decisionRef()));
        if (previous != assessment.proposedStatus()) {
            endGrantsAfterRecognition(command.assessmentId(), command.decidedOn(), policies);
        }
        return new StatusDecisionResponse(assessment.proposedStatus(), previous, command.decidedOn());
    }

    @CommandHandler
    StatusDecisionResponse handle(CorrectAssessmentCommand command, PovertyStandards standards) {
        Assessment assessment = existing(command.assessmentId());
        if (!assessment.recognised()) {
            throw DomainException.conflict(
                    "NOT_RECOGNISED",
                    "Assessment " + command.assessmentId() + " has not been recognised; record a new assessment");
        }
        PovertyStandard standard = standards
                .byCode(assessment.standard())
                .orElseThrow(() -> new IllegalStateException("Unknown standard " + assessment.standard()));
        List<String> deprivations = checkedDeprivations(command.deprivations(), standard);
        HouseholdStatus corrected = standard.classify(areaType, command.incomePerCapita(), deprivations.size());
        apply(
                new AssessmentCorrectedEvent(
                        householdId,
                        command.assessmentId(),
                        command.incomePerCapita(),
                        deprivations,
                        deprivations.size(),
                        corrected,
                        assessment.recognisedStatus(),
                        assessment.decidedOn(),
                        command.reason(),
                        command.decisionRef()),
                decision(command.decisionRef()));
        return new StatusDecisionResponse(corrected, assessment.recognisedStatus(), assessment.decidedOn());
    }

    @CommandHandler
    PolicyGrantedResponse handle(GrantPolicyCommand command, PolicyCatalogue policies) {
        Policy policy = policies.policy(command.policyCode())
                .orElseThrow(() -> DomainException.invalid(
                        "policyCode", "Unknown policy '" + command.policyCode() + "'; known: " + policies.codes()));
        if (command.validTo().isBefore(command.validFrom())) {
            throw DomainException.invalid("validTo", "must not be before validFrom");
        }
        if (grants.containsKey(command.grantId())) {
            throw DomainException.conflict("GRANT_EXISTS", "Grant " + command.grantId() + " exists");
        }
        StatusHistory history = history();
        if (!PolicyCatalogue.entitled(policy, history, command.validFrom())) {
            throw DomainException.rule(
                    "NOT_ENTITLED",
                    "On " + command.validFrom() + " the household ("
                            + history.statusOn(command.validFrom())
                            + (history.newlyEscapedOn(command.validFrom()) ? ", newly escaped" : "")
                            + ") is not entitled to " + policy.policyCode()
                            + " (entitled: " + policy.entitledStatusesOn(command.validFrom()) + ")");
        }
        grants.values().stream()
                .filter(g -> g.policyCode().equals(policy.policyCode()))
                .filter(g -> g.overlaps(command.validFrom(), command.validTo()))
                .findFirst()
                .ifPresent(g -> {
                    throw DomainException.rule(
                            "OVERLAPPING_GRANT",
                            "The household already holds " + policy.policyCode() + " from " + g.validFrom() + " to "
                                    + g.lastActiveDay());
                });
        apply(
                new PolicyGrantedEvent(
                        householdId,
                        command.grantId(),
                        policy.policyCode(),
                        command.validFrom(),
                        command.validTo(),
                        command.decisionRef(),
                        command.amount()),
                decision(command.decisionRef()));
        endNewGrantIfNoLongerEntitled(command.grantId(), policy);
        return new PolicyGrantedResponse(command.grantId());
    }

    @CommandHandler
    GrantRevokedResponse handle(RevokeGrantCommand command) {
        Grant grant = grants.get(command.grantId());
        if (grant == null) {
            throw DomainException.notFound(
                    "GRANT_NOT_FOUND", "Grant " + command.grantId() + " not found for household " + householdId);
        }
        if (command.revokedOn().isBefore(grant.validFrom())
                || command.revokedOn().isAfter(grant.validTo())) {
            throw DomainException.rule(
                    "REVOCATION_OUTSIDE_VALIDITY",
                    "The revocation date must lie within the " + "grant's validity, " + grant.validFrom() + " to "
                            + grant.validTo());
        }
        if (grant.endsOn() != null && !grant.endsOn().isAfter(command.revokedOn())) {
            throw DomainException.conflict(
                    "GRANT_ALREADY_ENDED", "Grant " + command.grantId() + " already ended on " + grant.endsOn());
        }
        apply(new GrantRevokedEvent(householdId, command.grantId(), command.revokedOn(), command.reason()));
        return new GrantRevokedResponse(command.grantId(), command.revokedOn());
    }

    /**
     * After a recognition that changed the household's status on {@code decidedOn}: ends, as events of their own,
     * the grants the household is no longer entitled to — on the decision date for grants active that day, and on
     * their start date for later grants whose start the decision now governs (a decision recorded after the grant
     * but dated before it). A decision that leaves the status as it was ends nothing, and corrections never end
     * grants: grants are not rewritten retroactively.
     */
    private void endGrantsAfterRecognition(AssessmentId recognised, LocalDate decidedOn, PolicyCatalogue policies) {
        StatusHistory history = history();
        for (Map.Entry<GrantId, Grant> entry : List.copyOf(grants.entrySet())) {
            Grant grant = entry.getValue();
            LocalDate lastActive = grant.lastActiveDay();
            Policy policy = policies.policy(grant.policyCode()).orElse(null);
            if (lastActive == null || policy == null || decidedOn.isAfter(lastActive)) {
                continue;
            }
            LocalDate checkOn = decidedOn.isBefore(grant.validFrom()) ? grant.validFrom() : decidedOn;
            boolean governed = history.decisionOn(checkOn)
                    .filter(d -> d.assessmentId().equals(recognised.value()))
                    .isPresent();
            if (governed && !PolicyCatalogue.entitled(policy, history, checkOn)) {
                endGrant(entry.getKey(), grant, checkOn, history);
            }
        }
    }

    /**
     * After a grant: a decision already recorded within its validity may leave the household no longer entitled
     * from its date on (the grant was judged on its start date only); the grant then ends on that date.
     */
    private void endNewGrantIfNoLongerEntitled(GrantId grantId, Policy policy) {
        Grant grant = grants.get(grantId);
        StatusHistory history = history();
        for (StatusHistory.Decision decision : history.decisions()) {
            LocalDate date = decision.effectiveFrom();
            if (date.isAfter(grant.validFrom())
                    && !date.isAfter(grant.validTo())
                    && !PolicyCatalogue.entitled(policy, history, date)) {
                endGrant(grantId, grant, date, history);
                return;
            }
        }
    }

    private void endGrant(GrantId grantId, Grant grant, LocalDate endedOn, StatusHistory history) {
        StatusHistory.Decision decision = history.decisionOn(endedOn).orElseThrow();
        Assessment decided = assessments.get(AssessmentId.of(decision.assessmentId()));
        String decisionRef = decided == null ? null : decided.decisionRef();
        apply(
                new GrantEndedEvent(householdId, grantId, grant.policyCode(), endedOn, decision.status(), decisionRef),
                decision(decisionRef));
    }

    private StatusHistory history() {
        return StatusHistory.of(statusFacts);
    }

    /** The household's statuses over time, for rules outside the aggregate (loan eligibility). */
    public StatusHistory statusHistory() {
        return history();
    }

    public String communeCode() {
        return communeCode;
    }

    /** Decisions carry their reference in the event metadata too, where audit tools look for it. */
    private static MetaData decision(String decisionRef) {
        return MetaData.with(DECISION_REF, decisionRef);
    }

    private static PovertyStandard resolveStandard(RecordAssessmentCommand command, PovertyStandards standards) {
        if (command.standard() != null) {
            return standards
                    .byCode(command.standard())
                    .orElseThrow(() -> DomainException.invalid(
                            "standard", "Unknown standard '" + command.standard() + "'; known: " + standards.codes()));
        }
        return standards
                .forPeriod(command.period())
                .orElseThrow(() -> DomainException.rule(
                        "NO_STANDARD_FOR_PERIOD",
                        "No poverty standard governs period " + command.period() + "; name one in 'standard'"));
    }

    private static List<String> checkedDeprivations(List<String> deprivations, PovertyStandard standard) {
        Set<String> distinct = new LinkedHashSet<>();
        for (String indicator : deprivations) {
            if (!standard.hasIndicator(indicator)) {
                throw DomainException.invalid(
                        "deprivations",
                        "Indicator '" + indicator + "' is not part of " + standard.code() + "; allowed: "
                                + standard.indicators());
            }
            if (!distinct.add(indicator)) {
                throw DomainException.invalid("deprivations", "Indicator '" + indicator + "' is listed twice");
            }
        }
        return List.copyOf(distinct);
    }

    private Assessment existing(AssessmentId assessmentId) {
        Assessment assessment = assessments.get(assessmentId);
        if (assessment == null) {
            throw DomainException.notFound(
                    "ASSESSMENT_NOT_FOUND", "Assessment " + assessmentId + " not found for household " + householdId);
        }
        return assessment;
    }

    @EventSourcingHandler
    void on(HouseholdRegisteredEvent event) {
        this.householdId = event.householdId();
        this.areaType = event.areaType();
        this.communeCode = event.communeCode();
    }

    @EventSourcingHandler
    void on(AssessmentRecordedEvent event) {
        assessments.put(
                event.assessmentId(),
                new Assessment(
                        event.kind(),
                        event.assessedOn(),
                        event.standard(),
                        event.proposedStatus(),
                        null,
                        null,
                        null,
                        -1));
        if (event.kind() == AssessmentKind.ANNUAL) {
            annualPeriods.add(event.period());
        }
    }

    @EventSourcingHandler
    void on(AssessmentRecognizedEvent event) {
        long sequence = statusFacts.size();
        assessments.computeIfPresent(
                event.assessmentId(),
                (id, a) -> new Assessment(
                        a.kind(),
                        a.assessedOn(),
                        a.standard(),
                        a.proposedStatus(),
                        event.decidedOn(),
                        event.status(),
                        event.decisionRef(),
                        sequence));
        statusFacts.add(new StatusHistory.Fact(
                event.assessmentId().value(), event.decidedOn(), sequence, sequence, event.status()));
    }

    @EventSourcingHandler
    void on(AssessmentCorrectedEvent event) {
        Assessment assessment = assessments.computeIfPresent(
                event.assessmentId(),
                (id, a) -> new Assessment(
                        a.kind(),
                        a.assessedOn(),
                        a.standard(),
                        event.status(),
                        a.decidedOn(),
                        event.status(),
                        a.decisionRef(),
                        a.recognitionSequence()));
        if (assessment != null) {
            statusFacts.add(new StatusHistory.Fact(
                    event.assessmentId().value(),
                    assessment.decidedOn(),
                    assessment.recognitionSequence(),
                    statusFacts.size(),
                    event.status()));
        }
    }

    @EventSourcingHandler
    void on(PolicyGrantedEvent event) {
        grants.put(event.grantId(), new Grant(event.policyCode(), event.validFrom(), event.validTo(), null));
    }

    @EventSourcingHandler
    void on(GrantRevokedEvent event) {
        grants.computeIfPresent(event.grantId(), (id, g) -> g.endingOn(event.revokedOn()));
    }

    @EventSourcingHandler
    void on(GrantEndedEvent event) {
        grants.computeIfPresent(event.grantId(), (id, g) -> g.endingOn(event.endedOn()));
    }
}
