package io.aspaire.jobs.domain;

import java.math.BigDecimal;

/** A salary as parsed from a source's free text; any part may be unknown (null). */
public record Salary(BigDecimal min, BigDecimal max, String currency, String period, String text) {

    public static final Salary NONE = new Salary(null, null, null, null, null);
}
