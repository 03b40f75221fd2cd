package vn.poverty.query.shared;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Collects the ids a batch of event handlers changed and acts on them once, at the batch's prepare-commit (in the
 * transaction that stores the batch's rows and token); outside a unit of work, at once. The report tallies use it to
 * recompute each changed household or loan once per batch instead of once per event. The batch's deferred
 * {@link ProjectionWrites} are sent before the action runs.
 */
public final class BeforeCommit {

    private BeforeCommit() {}

    /** Adds {@code id} to the batch's set under {@code resource}; the first call registers {@code action}. */
    public static void collect(String resource, String id, Consumer<Set<String>> action) {
        if (!CurrentUnitOfWork.isStarted()) {
            action.accept(Set.of(id));
            return;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        Set<String> ids = root.getOrComputeResource(resource, key -> {
            Set<String> collected = new LinkedHashSet<>();
            root.onPrepareCommit(uow -> {
                ProjectionWrites.flushCurrentBatch(); // the action reads what the batch wrote
                action.accept(collected);
            });
            return collected;
        });
        ids.add(id);
    }
}
