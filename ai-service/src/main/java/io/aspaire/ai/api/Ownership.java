package io.aspaire.ai.api;

import io.aspaire.platform.errors.ForbiddenException;

/**
 * The one ownership rule of ai-service's API: the caller (the JWT subject, read by the API from platform
 * {@code CurrentUser} or from the chat socket's authenticated connection) must be the owner stored on the resource,
 * else 403 FORBIDDEN. The caller's id is read before the resource is loaded, so the check never depends on a request
 * context still being active when the database answers.
 */
final class Ownership {

    private Ownership() {
    }

    /** Returns {@code resource} if {@code callerId} owns it. */
    static <T> T require(String callerId, String ownerId, String what, T resource) {
        if (callerId == null || !callerId.equals(ownerId)) {
            throw new ForbiddenException("this " + what + " belongs to another user");
        }
        return resource;
    }
}
