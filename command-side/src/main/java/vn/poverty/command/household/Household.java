package vn.poverty.command.household;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
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
import vn.poverty.api.household.HouseholdId;
import vn.poverty.api.household.HouseholdRegisteredEvent;
import vn.poverty.api.household.HouseholdStatus;
import vn.poverty.api.household.RecognizeAssessmentCommand;
import vn.poverty.api.household.RecordAssessmentCommand;
import vn.poverty.api.household.RegisterHouseholdCommand;
import vn.poverty.api.household.StatusDecisionResponse;
import vn.poverty.command.household.standard.PovertyStandard;
import vn.poverty.command.household.standard.PovertyStandards;
import vn.poverty.command.shared.DomainException;

/** A registered household: its reviews, the decisions that recognise them, and its status over time. */
@Aggregate
public class Household {

    /** Metadata key of a decision's reference (number/symbol of the official decision). */
    public static final String DECISION_REF = "decisionRef";

    @AggregateIdentifier
    private HouseholdId householdId;

    private AreaType areaType;
    private final Map<AssessmentId, Assessment> assessments = new HashMap<>();
    private final Set<Integer> annualPeriods = new HashSet<>();
    private final StatusTimeline timeline = new StatusTimeline();

    /** What the aggregate needs to remember of one assessment. */
    private record Assessment(
            AssessmentKind kind, LocalDate assessedOn, String standard, HouseholdStatus proposedStatus,
            LocalDate decidedOn, HouseholdStatus recognisedStatus) {

        boolean recognised() {
            return decidedOn != null;
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
            throw DomainException.rule("PERIOD_ALREADY_ASSESSED",
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
    StatusDecisionResponse handle(RecognizeAssessmentCommand command) {
        Assessment assessment = existing(command.assessmentId());
        if (assessment.recognised()) {
            throw DomainException.conflict("ALREADY_RECOGNISED",
                    "Assessment " + command.assessmentId() + " was already recognised on " + assessment.decidedOn());
        }
        if (command.decidedOn().isBefore(assessment.assessedOn())) {
            throw DomainException.rule("DECISION_BEFORE_ASSESSMENT",
                    "The decision date " + command.decidedOn() + " is before the assessment date "
                            + assessment.assessedOn());
        }
        HouseholdStatus previous = timeline.statusOn(command.decidedOn());
        apply(new AssessmentRecognizedEvent(householdId, command.assessmentId(), command.decisionRef(),
                command.decidedOn(), assessment.proposedStatus(), previous), decision(command.decisionRef()));
        return new StatusDecisionResponse(assessment.proposedStatus(), previous, command.decidedOn());
    }

    @CommandHandler
    StatusDecisionResponse handle(CorrectAssessmentCommand command, PovertyStandards standards) {
        Assessment assessment = existing(command.assessmentId());
        if (!assessment.recognised()) {
            throw DomainException.conflict("NOT_RECOGNISED",
                    "Assessment " + command.assessmentId() + " has not been recognised; record a new assessment");
        }
        PovertyStandard standard = standards.byCode(assessment.standard())
                .orElseThrow(() -> new IllegalStateException("Unknown standard " + assessment.standard()));
        List<String> deprivations = checkedDeprivations(command.deprivations(), standard);
        HouseholdStatus corrected = standard.classify(areaType, command.incomePerCapita(), deprivations.size());
        apply(new AssessmentCorrectedEvent(householdId, command.assessmentId(), command.incomePerCapita(),
                deprivations, deprivations.size(), corrected, assessment.recognisedStatus(),
                assessment.decidedOn(), command.reason(), command.decisionRef()), decision(command.decisionRef()));
        return new StatusDecisionResponse(corrected, assessment.recognisedStatus(), assessment.decidedOn());
    }

    /** Decisions carry their reference in the event metadata too, where audit tools look for it. */
    private static MetaData decision(String decisionRef) {
        return MetaData.with(DECISION_REF, decisionRef);
    }

    private static PovertyStandard resolveStandard(RecordAssessmentCommand command, PovertyStandards standards) {
        if (command.standard() != null) {
            return standards.byCode(command.standard())
                    .orElseThrow(() -> DomainException.invalid("standard",
                            "Unknown standard '" + command.standard() + "'; known: " + standards.codes()));
        }
        return standards.forPeriod(command.period())
                .orElseThrow(() -> DomainException.rule("NO_STANDARD_FOR_PERIOD",
                        "No poverty standard governs period " + command.period() + "; name one in 'standard'"));
    }

    private static List<String> checkedDeprivations(List<String> deprivations, PovertyStandard standard) {
        Set<String> distinct = new LinkedHashSet<>();
        for (String indicator : deprivations) {
            if (!standard.hasIndicator(indicator)) {
                throw DomainException.invalid("deprivations",
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
            throw DomainException.notFound("ASSESSMENT_NOT_FOUND",
                    "Assessment " + assessmentId + " not found for household " + householdId);
        }
        return assessment;
    }

    @EventSourcingHandler
    void on(HouseholdRegisteredEvent event) {
        this.householdId = event.householdId();
        this.areaType = event.areaType();
    }

    @EventSourcingHandler
    void on(AssessmentRecordedEvent event) {
        assessments.put(event.assessmentId(), new Assessment(event.kind(), event.assessedOn(), event.standard(),
                event.proposedStatus(), null, null));
        if (event.kind() == AssessmentKind.ANNUAL) {
            annualPeriods.add(event.period());
        }
    }

    @EventSourcingHandler
    void on(AssessmentRecognizedEvent event) {
        assessments.computeIfPresent(event.assessmentId(), (id, a) -> new Assessment(a.kind(), a.assessedOn(),
                a.standard(), a.proposedStatus(), event.decidedOn(), event.status()));
        timeline.recognize(event.assessmentId(), event.decidedOn(), event.status());
    }

    @EventSourcingHandler
    void on(AssessmentCorrectedEvent event) {
        assessments.computeIfPresent(event.assessmentId(), (id, a) -> new Assessment(a.kind(), a.assessedOn(),
                a.standard(), event.status(), a.decidedOn(), event.status()));
        timeline.correct(event.assessmentId(), event.status());
    }
}
