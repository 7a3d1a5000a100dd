package io.aspaire.users.domain;

import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.Type;

/** Which notifications the user wants. */
@Type("Notifications")
@Input("NotificationsInput")
public record Notifications(boolean email, boolean reminders) {
}
