package io.aspaire.users.domain;

/** Whether the user wants remote work; null in preferences means "no preference". */
public enum Remote {
    YES, NO, HYBRID
}
