package io.aspaire.localstack;

import java.io.IOException;
import java.io.InputStream;

/**
 * Entry point of every JVM the local stack forks: runs the real main class given as first argument, and exits as soon
 * as the parent goes away (its end of our stdin pipe closes). So even a parent killed with SIGKILL leaves no broker
 * behind, and Ctrl-C on the stack stops everything it started.
 */
public final class ParentWatch {

    /** Longer than any service's own graceful stop (Quarkus: 10 s by default), shorter than a test's patience. */
    static final long ORDERLY_STOP_MILLIS = 15_000;

    private ParentWatch() {
    }

    public static void main(String[] args) throws Exception {
        Thread watch = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() >= 0) {
                    // the parent never writes; any byte is ignored, EOF means it is gone
                }
            } catch (IOException ignored) {
                // same as EOF
            }
            System.err.println("[parent-watch] parent process gone, shutting down");
            // An orderly stop runs the program's shutdown hooks; one that hangs (a broker waiting on a peer that is
            // gone) must not keep an orphan alive, so the stop is bounded and then forced, as a SIGKILL would be.
            Thread deadline = new Thread(() -> {
                try {
                    Thread.sleep(ORDERLY_STOP_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                System.err.println("[parent-watch] orderly stop took over " + ORDERLY_STOP_MILLIS + " ms, halting");
                Runtime.getRuntime().halt(1);
            }, "parent-watch-deadline");
            deadline.setDaemon(true);
            deadline.start();
            System.exit(0);
        }, "parent-watch");
        watch.setDaemon(true);
        watch.start();
        String[] rest = new String[args.length - 1];
        System.arraycopy(args, 1, rest, 0, rest.length);
        Class.forName(args[0]).getMethod("main", String[].class).invoke(null, (Object) rest);
    }
}
