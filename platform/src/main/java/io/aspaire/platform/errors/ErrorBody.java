package io.aspaire.platform.errors;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The JSON body of every REST error: a stable code, a human message and, for validation, one line per field. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ErrorBody(String code, String message, List<FieldError> errors) {

    public record FieldError(String field, String message) {
    }

    public static ErrorBody of(String code, String message) {
        return new ErrorBody(code, message, List.of());
    }
}
