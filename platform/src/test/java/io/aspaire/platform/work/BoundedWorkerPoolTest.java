package io.aspaire.platform.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/** The pool runs at most threads + queue tasks, refuses more at once, and times out (interrupting) a slow task. */
class BoundedWorkerPoolTest {

    static final class Busy extends RuntimeException {
    }

    static final class TimedOut extends RuntimeException {
    }

    @Test
    void refusesBeyondThreadsPlusQueueAndTimesOutSlowWork() throws Exception {
        try (BoundedWorkerPool pool = new BoundedWorkerPool("test", 1, 1)) {
            CountDownLatch release = new CountDownLatch(1);
            AtomicBoolean interrupted = new AtomicBoolean();
            var running = pool.submit(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    interrupted.set(true);
                    throw e;
                }
                return "first";
            }, Duration.ofMillis(500), Busy::new, TimedOut::new).subscribeAsCompletionStage();
            var queued = pool.submit(() -> "second", Duration.ofSeconds(5), Busy::new, TimedOut::new)
                    .subscribeAsCompletionStage();
            long start = System.nanoTime();
            Throwable refused = assertThrows(Exception.class, () -> pool.submit(() -> "third", Duration.ofSeconds(5),
                    Busy::new, TimedOut::new).await().atMost(Duration.ofSeconds(1)));
            assertInstanceOf(Busy.class, refused, "the third task is refused at once");
            assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(500));
            Throwable slow = assertThrows(Exception.class, () -> running.get(2, TimeUnit.SECONDS));
            assertInstanceOf(TimedOut.class, slow.getCause(), "the slow task times out");
            assertEquals("second", queued.get(2, TimeUnit.SECONDS), "the queued task runs once a thread is free");
            assertTrue(interrupted.get(), "the timed-out task's thread was interrupted");
        }
    }
}
