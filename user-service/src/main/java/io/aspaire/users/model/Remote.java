package io.aspaire.users.model;

/** Whether the user wants remote work; null in preferences means "no preference". */
public enum Remote {
    YES, NO, HYBRID
}
