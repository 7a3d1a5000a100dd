package io.aspaire.pipeline.domain;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

/** A reminder of the caller's that has just fired, with its application (null if it was removed meanwhile). */
@Name("ReminderDueEvent")
@Description("A reminder that has just fired, with its application (null if the application was removed since)")
public record ReminderDueEvent(@NonNull ReminderView reminder, ApplicationView application) {
}
