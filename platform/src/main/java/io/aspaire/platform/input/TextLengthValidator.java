package io.aspaire.platform.input;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

/** Checks {@link TextLength} and puts the actual length into the message. */
public class TextLengthValidator implements ConstraintValidator<TextLength, CharSequence> {

    private int max;

    @Override
    public void initialize(TextLength annotation) {
        max = annotation.max();
    }

    @Override
    public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
        if (value == null || value.length() <= max) {
            return true;
        }
        context.unwrap(HibernateConstraintValidatorContext.class).addMessageParameter("length", value.length());
        return false;
    }
}
