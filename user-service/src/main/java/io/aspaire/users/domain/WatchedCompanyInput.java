package io.aspaire.users.domain;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.graphql.Input;

/** One entry of {@code watchedCompanies} in PreferencesInput: which ATS, which board, optionally the company's name. */
@Input("WatchedCompanyInput")
public record WatchedCompanyInput(
        @NotNull(message = "must be one of GREENHOUSE, LEVER, ASHBY") Ats ats,
        @NotNull(message = "is required: the board's name in its URL, e.g. acme for boards.greenhouse.io/acme")
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}", message = "must be the board's name in its URL "
                + "(letters, digits, '.', '_' or '-', at most 100), e.g. acme for boards.greenhouse.io/acme")
        String board,
        @Size(max = 100, message = "must be at most 100 characters") String company) {
}
