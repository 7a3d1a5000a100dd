package io.aspaire.localstack;

import java.io.IOException;
import java.io.InputStream;

/**
 * Entry point of every JVM the local stack forks: runs the real main class given as first argument, and exits as soon
 * as the parent goes away (its end of our stdin pipe closes). So even a parent killed with SIGKILL leaves no broker
 * behind, and Ctrl-C on the stack stops everything it started.
 */
public final class ParentWatch {

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
            System.exit(0);
        }, "parent-watch");
        watch.setDaemon(true);
        watch.start();
        String[] rest = new String[args.length - 1];
        System.arraycopy(args, 1, rest, 0, rest.length);
        Class.forName(args[0]).getMethod("main", String[].class).invoke(null, (Object) rest);
    }
}
