package io.aspaire.platform.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.subscription.BackPressureFailure;

/** A published event reaches only its user's open subscriptions; an ended one is released; a stuck one fails. */
class UserChannelTest {

    private final UUID alice = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();

    @Test
    void anEventReachesEveryOpenSubscriptionOfItsUserAndNoOneElse() {
        UserChannel<String> channel = new UserChannel<>();
        AssertSubscriber<String> aliceOnPhone = channel.subscribe(alice).subscribe()
                .withSubscriber(AssertSubscriber.create(10));
        AssertSubscriber<String> aliceOnLaptop = channel.subscribe(alice).subscribe()
                .withSubscriber(AssertSubscriber.create(10));
        AssertSubscriber<String> bobs = channel.subscribe(bob).subscribe().withSubscriber(AssertSubscriber.create(10));
        assertEquals(2, channel.count(alice));
        assertEquals(1, channel.count(bob));

        channel.publish(alice, "for alice");
        channel.publish(UUID.randomUUID(), "for someone with no subscription");

        assertEquals(List.of("for alice"), aliceOnPhone.getItems());
        assertEquals(List.of("for alice"), aliceOnLaptop.getItems());
        assertEquals(List.of(), bobs.getItems(), "bob sees nothing of alice's");
        aliceOnPhone.assertNotTerminated();
    }

    @Test
    void anEndedSubscriptionIsReleased() {
        UserChannel<String> channel = new UserChannel<>();
        AssertSubscriber<String> first = channel.subscribe(alice).subscribe().withSubscriber(AssertSubscriber.create(10));
        AssertSubscriber<String> second = channel.subscribe(alice).subscribe()
                .withSubscriber(AssertSubscriber.create(10));
        assertTrue(channel.watched(alice));

        first.cancel();
        assertEquals(1, channel.count(alice));
        channel.publish(alice, "after the first left");
        assertEquals(List.of(), first.getItems());
        assertEquals(List.of("after the first left"), second.getItems());

        second.cancel();
        assertEquals(0, channel.count(alice));
        assertFalse(channel.watched(alice), "no entry is kept for a user with no subscription");
    }

    @Test
    void aSubscriptionWhoseClientTakesNothingFailsBeyondItsBufferAndIsReleased() {
        UserChannel<Integer> channel = new UserChannel<>(3);
        AssertSubscriber<Integer> stuck = channel.subscribe(alice).subscribe()
                .withSubscriber(AssertSubscriber.create(0));
        AssertSubscriber<Integer> reading = channel.subscribe(alice).subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));

        for (int i = 1; i <= 3; i++) {
            channel.publish(alice, i);
        }
        stuck.assertNotTerminated();
        channel.publish(alice, 4);

        assertInstanceOf(BackPressureFailure.class, stuck.getFailure(), "the fourth event overflows a buffer of 3");
        assertEquals(List.of(1, 2, 3, 4), reading.getItems(), "a reading subscription is not affected");
        assertEquals(1, channel.count(alice), "the failed subscription is released");
    }
}
