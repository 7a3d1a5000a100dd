import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The strict half of validate.mjs: kubernetes-models checks types and required fields but lets unknown fields pass,
 * so every object is read again here by a model that rejects them. Kubernetes kinds: the official Java client's
 * models (io.kubernetes:client-java-api), whose validateJsonElement refuses a field the API does not define;
 * ServiceMonitor: fabric8's prometheus-operator model, where an unknown field lands in "additionalProperties".
 * Strimzi kinds are checked against their CRD schemas in validate.mjs and are not sent here.
 *
 * Input: a JSON array of {"id": ..., "object": {...}} ("model": a client-java-api model class such as V1ObjectMeta,
 * for a part of an object, e.g. a custom resource's metadata). Output: one line per object, "OK <id>" or "ERR <id> <why>".
 */
public class StrictFields {

    private static final String KUBERNETES_MODELS = "io.kubernetes.client.openapi.models.";
    private static final Map<String, String> FABRIC8_MODELS = Map.of(
            "monitoring.coreos.com/v1/ServiceMonitor", "io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor");
    private static final ObjectMapper JACKSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    public static void main(String[] args) throws Exception {
        JsonArray items = JsonParser.parseString(Files.readString(Path.of(args[0]))).getAsJsonArray();
        for (JsonElement item : items) {
            String id = item.getAsJsonObject().get("id").getAsString();
            JsonObject object = item.getAsJsonObject().getAsJsonObject("object");
            JsonElement model = item.getAsJsonObject().get("model");
            String problem;
            try {
                problem = model == null ? check(object) : checkAs(KUBERNETES_MODELS + model.getAsString(), object);
            } catch (InvocationTargetException e) {
                problem = String.valueOf(e.getCause().getMessage());
            } catch (Exception e) {
                problem = String.valueOf(e.getMessage());
            }
            System.out.println(problem == null ? "OK " + id : "ERR " + id + " " + problem.replace('\n', ' '));
        }
    }

    private static String check(JsonObject object) throws Exception {
        String apiVersion = object.get("apiVersion").getAsString();
        String kind = object.get("kind").getAsString();
        String fabric8 = FABRIC8_MODELS.get(apiVersion + "/" + kind);
        if (fabric8 != null) {
            Object model = JACKSON.readValue(object.toString(), Class.forName(fabric8));
            List<String> unknown = new ArrayList<>();
            collectUnknown(model, "", unknown, new IdentityHashMap<>());
            return unknown.isEmpty() ? null : "unknown field(s): " + String.join(", ", unknown);
        }
        String version = apiVersion.substring(apiVersion.lastIndexOf('/') + 1); // v1, v2
        return checkAs(KUBERNETES_MODELS + "V" + version.substring(1) + kind, object);
    }

    private static String checkAs(String className, JsonObject object) throws Exception {
        Class<?> model;
        try {
            model = Class.forName(className);
        } catch (ClassNotFoundException e) {
            return "no strict model " + className.substring(className.lastIndexOf('.') + 1);
        }
        // validateJsonElement: unknown fields, required fields, JSON shapes (recursively); fromJson: the values
        model.getMethod("validateJsonElement", JsonElement.class).invoke(null, object);
        model.getMethod("fromJson", String.class).invoke(null, object.toString());
        return null;
    }

    /** fabric8 models keep what they do not know in additionalProperties: anything there is an unknown field. */
    private static void collectUnknown(Object node, String path, List<String> unknown, Map<Object, Boolean> seen)
            throws Exception {
        if (node == null || seen.put(node, Boolean.TRUE) != null) {
            return;
        }
        if (node instanceof Collection<?> list) {
            int i = 0;
            for (Object element : list) {
                collectUnknown(element, path + "/" + i++, unknown, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                collectUnknown(e.getValue(), path + "/" + e.getKey(), unknown, seen);
            }
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object value = getter.invoke(node);
            if (getter.getName().equals("getAdditionalProperties")) {
                for (Object key : ((Map<?, ?>) value).keySet()) {
                    unknown.add(path + "/" + key);
                }
            } else {
                String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
                collectUnknown(value, path + "/" + field, unknown, seen);
            }
        }
    }
}
