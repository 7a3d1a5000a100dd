package io.aspaire.platform.input;

import java.util.Comparator;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import io.aspaire.platform.errors.BadRequestException;

/**
 * The one way to validate input in every service: Bean Validation annotations on the input type, checked here for
 * inputs that do not pass through REST's {@code @Valid} (GraphQL arguments, WebSocket frames) with the same
 * annotations, the same "field: message" wording, as a 400 / BAD_REQUEST.
 */
@ApplicationScoped
public class Validation {

    private final Validator validator;

    public Validation(Validator validator) {
        this.validator = validator;
    }

    public <T> T check(String what, T input) {
        if (input == null) {
            throw new BadRequestException(what + " is required");
        }
        Set<ConstraintViolation<T>> violations = validator.validate(input);
        if (!violations.isEmpty()) {
            throw new BadRequestException(violations.stream()
                    .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                    .map(v -> field(v) + ": " + v.getMessage())
                    .collect(Collectors.joining("; ")));
        }
        return input;
    }

    private static String field(ConstraintViolation<?> v) {
        // "jobTitles[0].<list element>" reads better as "jobTitles[0]"
        return v.getPropertyPath().toString().replace(".<list element>", "");
    }
}
