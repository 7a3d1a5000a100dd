package io.aspaire.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs here, so docker-compose.yml is checked by reading it: every service is there, built from its
 * Dockerfile, on the port its application.properties uses, and the environment it sets is exactly what the service
 * reads (no forgotten address, no variable that nothing reads).
 */
class ComposeFileTest {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
    /** Variables that name where something is: the compose file must set them, defaults point at localhost. */
    private static final Pattern ADDRESS = Pattern.compile(".*(_HOST|_PORT|_URI|_URL|_SERVERS|_NAME|_USER|_PASSWORD"
            + "|_LOCATION)$");

    @SuppressWarnings("unchecked")
    private final Map<String, Object> services = (Map<String, Object>) load().get("services");

    @Test
    void everySuiteServiceIsBuiltFromItsDockerfileOnItsPort() throws IOException {
        for (SuiteService service : SuiteService.values()) {
            Map<String, Object> compose = service(service.module);
            Map<String, Object> build = map(compose.get("build"));
            assertEquals("./" + service.module, build.get("context"), service.module);
            assertTrue(Files.exists(ROOT.resolve(service.module).resolve((String) build.get("dockerfile"))),
                    service.module + " Dockerfile");
            int configured = httpPort(properties(service.module));
            assertEquals(service.defaultPort, configured, service.module + " port in application.properties");
            assertEquals(List.of(service.defaultPort + ":" + service.defaultPort), compose.get("ports"), service.module);
            assertNotNull(compose.get("healthcheck"), service.module + " healthcheck");
            assertTrue(String.valueOf(map(compose.get("healthcheck")).get("test")).contains(
                    "localhost:" + service.defaultPort + "/q/health/ready"), service.module + " healthcheck URL");
            assertNotNull(compose.get("depends_on"), service.module + " depends_on");
        }
    }

    @Test
    void environmentMatchesWhatEachServiceReads() throws IOException {
        List<String> problems = new ArrayList<>();
        for (SuiteService service : SuiteService.values()) {
            Set<String> read = referencedVariables(service.module);
            Set<String> set = new TreeSet<>(map(service(service.module).get("environment")).keySet());
            for (String name : set) {
                if (!read.contains(name)) {
                    problems.add(service.module + " sets " + name + " but nothing in it reads it");
                }
            }
            for (String name : read) {
                if (ADDRESS.matcher(name).matches() && !set.contains(name) && !optional(service, name)) {
                    problems.add(service.module + " reads " + name + " but docker-compose.yml does not set it");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void servicesWaitForHealthyInfrastructure() {
        for (SuiteService service : SuiteService.subgraphs()) {
            Map<String, Object> dependsOn = map(service(service.module).get("depends_on"));
            for (String infra : List.of("postgres", "mongo", "kafka-topics", "jwt-keys")) {
                assertTrue(dependsOn.containsKey(infra), service.module + " waits for " + infra);
            }
            assertEquals("service_healthy", map(dependsOn.get("postgres")).get("condition"));
        }
        Map<String, Object> gatewayDeps = map(service("gateway").get("depends_on"));
        for (SuiteService subgraph : SuiteService.subgraphs()) {
            assertEquals("service_healthy", map(gatewayDeps.get(subgraph.module)).get("condition"));
        }
        for (String image : List.of("postgres", "mongo", "kafka")) {
            assertNotNull(service(image).get("healthcheck"), image + " healthcheck");
        }
    }

    /** A service without a database reads no DB_* at all; these are allowed to fall back to their defaults. */
    private static boolean optional(SuiteService service, String name) {
        return name.equals("HTTP_PORT") || name.equals("MONGODB_DATABASE") || name.equals("ASPAIRE_JWT_AUDIENCE")
                || (name.equals("ASPAIRE_JWT_PRIVATE_KEY_LOCATION") && service != SuiteService.USER);
    }

    private static Set<String> referencedVariables(String module) throws IOException {
        Set<String> names = new TreeSet<>();
        List<Path> files = new ArrayList<>(List.of(
                ROOT.resolve(module).resolve("src/main/resources/application.properties")));
        if (!module.equals("gateway")) {
            files.add(ROOT.resolve("platform/src/main/resources/META-INF/microprofile-config.properties"));
        }
        for (Path file : files) {
            Matcher m = REFERENCE.matcher(Files.readString(file));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static int httpPort(Properties props) {
        String value = props.getProperty("quarkus.http.port", "8080");
        Matcher m = Pattern.compile("\\$\\{[A-Z_]+:(\\d+)}").matcher(value);
        return Integer.parseInt(m.matches() ? m.group(1) : value);
    }

    private static Properties properties(String module) throws IOException {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(ROOT.resolve(module).resolve(
                "src/main/resources/application.properties"))) {
            props.load(in);
        }
        return props;
    }

    private Map<String, Object> service(String name) {
        assertTrue(services.containsKey(name), "docker-compose.yml has no service " + name);
        return map(services.get(name));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    private static Map<String, Object> load() {
        try (Reader in = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
            return new Yaml().load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
