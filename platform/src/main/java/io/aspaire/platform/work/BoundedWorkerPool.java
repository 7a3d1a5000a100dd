package io.aspaire.platform.work;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * A small fixed set of threads with a bounded queue for expensive blocking work (document parsing, password hashing).
 * The shared worker pool would let a handful of hostile requests occupy every worker thread; here at most
 * {@code threads} tasks run and {@code queue} wait, anything beyond is refused at once. Each task has a time limit:
 * its caller gets the timeout failure and the task's thread is interrupted (work that reads through a budget, see
 * the users' extraction budget, stops at the next read). The result is delivered on the caller's Vert.x context, so
 * reactive code (e.g. a Hibernate Reactive session) continues on the thread it belongs to.
 */
public final class BoundedWorkerPool implements AutoCloseable {

    private final ThreadPoolExecutor executor;

    public BoundedWorkerPool(String name, int threads, int queue) {
        if (threads < 1 || queue < 0) {
            throw new IllegalArgumentException(name + ": threads must be >= 1 and queue >= 0");
        }
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                queue == 0 ? new java.util.concurrent.SynchronousQueue<>() : new ArrayBlockingQueue<>(queue),
                task -> {
                    Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                },
                new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Runs {@code work} on this pool. Fails with {@code busy} when every thread and queue slot is taken, with
     * {@code timedOut} when no result came within {@code timeout} (queue time included).
     */
    public <T> Uni<T> submit(Callable<T> work, Duration timeout, Supplier<? extends Throwable> busy,
            Supplier<? extends Throwable> timedOut) {
        return Uni.createFrom().emitter(emitter -> {
            Context context = Vertx.currentContext();
            AtomicBoolean done = new AtomicBoolean();
            Future<?> task;
            try {
                task = executor.submit(() -> {
                    try {
                        T result = work.call();
                        if (done.compareAndSet(false, true)) {
                            onContext(context, () -> emitter.complete(result));
                        }
                    } catch (Throwable failure) {
                        if (done.compareAndSet(false, true)) {
                            onContext(context, () -> emitter.fail(failure));
                        }
                    }
                });
            } catch (RejectedExecutionException e) {
                emitter.fail(busy.get());
                return;
            }
            Runnable expire = () -> {
                if (done.compareAndSet(false, true)) {
                    task.cancel(true);
                    emitter.fail(timedOut.get());
                }
            };
            if (context != null) {
                // a Vert.x timer set on this context fires on it: the failure reaches the caller on its own thread
                long timer = context.owner().setTimer(Math.max(1, timeout.toMillis()), id -> expire.run());
                emitter.onTermination(() -> {
                    context.owner().cancelTimer(timer);
                    task.cancel(true);
                });
            } else {
                Future<?> watchdog = java.util.concurrent.CompletableFuture.runAsync(expire,
                        java.util.concurrent.CompletableFuture.delayedExecutor(timeout.toMillis(),
                                TimeUnit.MILLISECONDS));
                emitter.onTermination(() -> {
                    watchdog.cancel(false);
                    task.cancel(true);
                });
            }
        });
    }

    /** Tasks running or waiting now. */
    public int load() {
        return executor.getActiveCount() + executor.getQueue().size();
    }

    private static void onContext(Context context, Runnable action) {
        if (context == null) {
            action.run();
        } else {
            context.runOnContext(ignored -> action.run());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
