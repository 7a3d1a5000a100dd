package io.aspaire.platform.input;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * The length rule for free text (notes, comments, titles) on every service: at most {@link #max()} characters, and a
 * refusal that says how long the text was, e.g. {@code content: is 5001 characters long; the limit is 5000}
 * (through {@link Validation}). Null passes: pair with {@code @NotBlank} where the text is required.
 */
@Documented
@Constraint(validatedBy = TextLengthValidator.class)
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT,
        ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
public @interface TextLength {

    int max();

    String message() default "is {length} characters long; the limit is {max}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
