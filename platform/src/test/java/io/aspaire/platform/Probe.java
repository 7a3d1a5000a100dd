package io.aspaire.platform;

import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A throw-away aggregate for the outbox tests. */
@Entity
public class Probe extends PanacheEntityBase {
    @Id
    public UUID id;
    public String name;
}
