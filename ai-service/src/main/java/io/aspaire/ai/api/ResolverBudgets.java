package io.aspaire.ai.api;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.aspaire.ai.config.AiConfig;
import io.aspaire.platform.errors.ServiceUnavailableException;
import io.smallrye.mutiny.Uni;

/**
 * Time budgets of the GraphQL operations: an operation that has not answered within its budget fails with
 * UNAVAILABLE (naming the operation and the budget) and its work is cancelled, so one slow request never holds its
 * caller, or the threads and connections other users need, for longer than the budget.
 */
@ApplicationScoped
public class ResolverBudgets {

    private final AiConfig.Budgets budgets;

    public ResolverBudgets(AiConfig config) {
        this.budgets = config.budgets();
    }

    /** For operations that only read MongoDB. */
    public <T> Uni<T> read(String operation, Uni<T> work) {
        return within(operation, budgets.read(), work);
    }

    /** For operations that may call the model. */
    public <T> Uni<T> model(String operation, Uni<T> work) {
        return within(operation, budgets.model(), work);
    }

    public static <T> Uni<T> within(String operation, Duration budget, Uni<T> work) {
        return work.ifNoItem().after(budget).failWith(() -> new ServiceUnavailableException(operation
                + " did not finish within its time budget of " + seconds(budget) + "; try again later"));
    }

    private static String seconds(Duration budget) {
        return budget.toMillis() % 1000 == 0 ? budget.toSeconds() + " s" : budget.toMillis() + " ms";
    }
}
