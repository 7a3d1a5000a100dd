package io.aspaire.ai.service;

import java.net.Socket;
import java.net.SocketPermission;
import java.security.Permission;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.aspaire.ai.domain.MatchScore;

/**
 * Run by OfflineMatchTest in a JVM of its own: a SecurityManager refuses every network permission (connect,
 * resolve, listen, accept: any socket, any name lookup but the machine's own), then the whole match path runs from a cold start -- the
 * model loaded from its jar, texts embedded, skills extracted, scores blended, an index ranked. Every refused
 * attempt is recorded, also one whose exception some library would swallow, and printed at the end.
 */
public final class OfflineProbe {

    static final List<String> REFUSED = new CopyOnWriteArrayList<>();

    /** The first frame outside the JDK and this probe: who asked for the network. */
    private static String caller() {
        return java.util.Arrays.stream(new Throwable().getStackTrace()).map(StackTraceElement::toString)
                .filter(f -> !f.startsWith("java.") && !f.startsWith("sun.") && !f.contains("OfflineProbe"))
                .limit(Integer.getInteger("probe.frames", 1)).collect(java.util.stream.Collectors.joining(" <- "));
    }

    @SuppressWarnings("removal")
    public static void main(String[] args) throws Exception {
        // the one lookup allowed: this machine's own name, which the logging library stamps on every record
        // (JBoss LogManager's ExtLogRecord); it names no other host and opens no socket
        String self = java.net.InetAddress.getLocalHost().getHostName();
        System.setSecurityManager(new SecurityManager() {
            @Override
            public void checkPermission(Permission perm) {
                if (perm instanceof SocketPermission && !(perm.getName().equals(self)
                        && perm.getActions().equals("resolve"))) {
                    REFUSED.add(perm.getName() + " " + perm.getActions() + " by " + caller());
                    throw new SecurityException("network access refused: " + perm.getName() + " "
                            + perm.getActions());
                }
            }

            @Override
            public void checkPermission(Permission perm, Object context) {
                checkPermission(perm);
            }
        });
        try (Socket ignored = new Socket("127.0.0.1", 9)) {
            System.out.println("guard: NOT ACTIVE (a socket opened)");
            System.exit(3);
        } catch (SecurityException expected) {
            System.out.println("guard: active");
            REFUSED.clear();
        }
        if (args.length > 0 && args[0].equals("--reach-out")) {
            // the test's proof that the probe can fail: a real outbound call, as a careless change would add
            new java.net.URL("https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2").openStream().close();
        }
        SkillExtractor skills = new SkillExtractor();
        Embedder embedder = new Embedder(1, 4, Duration.ofMinutes(1));
        String resume = "Java backend engineer: Spring Boot, Kafka, PostgreSQL, Docker";
        String java = "Senior Java Backend Engineer: Spring Boot, Kafka, PostgreSQL, Kubernetes";
        String nursing = "ICU Registered Nurse: critical care, ACLS, BLS, IV therapy";
        float[] r = embedder.embedNow(resume);
        MatchScore javaScore = MatchScore.of(Embedder.dot(r, embedder.embedNow(java)), skills.extract(resume),
                skills.extract(java));
        MatchScore nursingScore = MatchScore.of(Embedder.dot(r, embedder.embedNow(nursing)), skills.extract(resume),
                skills.extract(nursing));
        MatchIndex index = new MatchIndex(skills);
        index.put("java", embedder.embedNow(java), skills.extract(java),
                new MatchIndex.Listing("Java", "A", "Remote", true, "FULL_TIME", "REMOTIVE", null, null,
                        skills.extract(java)));
        index.put("nursing", embedder.embedNow(nursing), skills.extract(nursing),
                new MatchIndex.Listing("Nurse", "B", "Boston", false, "FULL_TIME", "REMOTIVE", null, null,
                        skills.extract(nursing)));
        List<MatchIndex.Ranked> top = index.top(r, skills.extract(resume), null, 2);
        System.out.println("scores: java=" + javaScore.score() + " nursing=" + nursingScore.score() + " top="
                + top.get(0).jobId());
        System.out.println("refused: " + REFUSED);
        embedder.close();
        System.exit(0);
    }
}
