package io.aspaire.localstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Port choice and readiness waits shared by the infrastructure parts. */
final class Ports {

    private Ports() {
    }

    /**
     * {@code preferred} if nothing listens there (0 = any), otherwise a free port from 20000-32767. That range lies
     * below Linux's ephemeral range (32768-60999): a port chosen now and bound seconds later by a forked process
     * cannot meanwhile be taken as the local end of some outgoing connection.
     */
    static int freeOr(int preferred) {
        if (preferred > 0 && isFree(preferred)) {
            return preferred;
        }
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int candidate = random.nextInt(20000, 32768);
            if (isFree(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free port in 20000-32767");
    }

    /** Nothing listens on the port, on IPv4 or IPv6 loopback (services bind localhost, which may be either). */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            return false;
        }
        return !isListening("::1", port);
    }

    static boolean isListening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void await(String what, Duration timeout, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " not ready after " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }
}
