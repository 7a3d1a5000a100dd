package io.aspaire.pipeline.service;

import java.util.UUID;

/**
 * The API's ownership rule, handed to a write so it runs on the row the write has locked (the owner cannot change
 * between the check and the write). Throws to refuse (FORBIDDEN); the service only loads rows and fails with
 * NOT_FOUND when there is none.
 */
@FunctionalInterface
public interface OwnerCheck {

    /** Refuses unless the caller is {@code ownerId}; {@code what} names the resource in the message. */
    void require(UUID ownerId, String what);
}
