package io.aspaire.gateway.planning;

import java.util.ArrayList;
import java.util.List;

/**
 * The fetches needed to answer one operation. Stages run one after the other (one per run of mutation root
 * fields sent to the same subgraph; a query has one stage); inside a stage a group starts as soon as the groups it
 * depends on are done, so independent fetches run in parallel. A subscription's plan has one root group, the
 * subscription sent to its subgraph over graphql-ws; the other groups run for each event it delivers.
 */
public record QueryPlan(boolean mutation, boolean subscription, List<List<FetchGroup>> stages,
        List<PlanningError> errors) {

    public QueryPlan(boolean mutation, List<List<FetchGroup>> stages, List<PlanningError> errors) {
        this(mutation, false, stages, errors);
    }

    /** The subscription's root group (null for queries and mutations, or when the root field could not be planned). */
    public FetchGroup subscriptionRoot() {
        if (!subscription) {
            return null;
        }
        return groups().stream().filter(g -> g.kind() == FetchGroup.Kind.ROOT).findFirst().orElse(null);
    }

    public List<FetchGroup> groups() {
        List<FetchGroup> all = new ArrayList<>();
        stages.forEach(all::addAll);
        return all;
    }

    /** Readable form, e.g. for debugging a plan: one line per fetch with its dependencies and operation. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (int s = 0; s < stages.size(); s++) {
            sb.append("Stage ").append(s).append('\n');
            for (FetchGroup g : stages.get(s)) {
                sb.append("  ").append(g).append(" after ").append(g.dependencies()).append(": ")
                        .append(g.operationText()).append('\n');
                for (EntityFetch f : g.entityFetches()) {
                    sb.append("    ").append(f.alias()).append(" at ").append(String.join(".", f.path()))
                            .append(" representations ").append(f.shapes()).append('\n');
                }
            }
        }
        errors.forEach(e -> sb.append("  error at ").append(e.path()).append(": ").append(e.message()).append('\n'));
        return sb.toString();
    }
}
