package io.aspaire.users.domain;

import org.eclipse.microprofile.graphql.Input;
import java.math.BigDecimal;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * PUT /preferences and setPreferences: replaces the whole set. Lists left null are stored empty; notifications and
 * pageSize left null take their defaults; watchedCompanies left null is stored empty (the same board twice is kept once). Cross-field rules (salaryMin <= salaryMax, currency with a salary) and list
 * entries (not blank, at most 100 characters) are checked by PreferencesService: bean-validation annotations on type
 * arguments would make SmallRye GraphQL mark the lists as required.
 */
@Input("PreferencesInput")
public record PreferencesInput(
        @Size(max = 50, message = "at most 50 entries") List<String> jobTitles,
        @Size(max = 50, message = "at most 50 entries") List<String> locations,
        @Size(max = 100, message = "at most 100 entries") List<String> skills,
        @Size(max = 50, message = "at most 50 entries") List<String> industries,
        Remote remote,
        @DecimalMin(value = "0", message = "must not be negative") @Digits(integer = 10, fraction = 2, message = "must have at most 10 digits and 2 decimals") BigDecimal salaryMin,
        @DecimalMin(value = "0", message = "must not be negative") @Digits(integer = 10, fraction = 2, message = "must have at most 10 digits and 2 decimals") BigDecimal salaryMax,
        @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO-4217 code such as EUR or USD") String salaryCurrency,
        @Size(max = 6) List<JobType> jobTypes,
        @Valid Notifications notifications,
        @Min(value = 1, message = "must be between 1 and 100") @Max(value = 100, message = "must be between 1 and 100") Integer pageSize,
        @Size(max = 50, message = "at most 50 entries") @Valid List<WatchedCompanyInput> watchedCompanies) {
}
