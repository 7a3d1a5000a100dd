package io.aspaire.gateway.composition;

import java.util.List;

/** The subgraphs do not compose; {@link #errors()} says why, one readable message per problem. */
public class CompositionException extends Exception {

    private final List<String> errors;

    public CompositionException(List<String> errors) {
        super("Composition failed:\n  - " + String.join("\n  - ", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
