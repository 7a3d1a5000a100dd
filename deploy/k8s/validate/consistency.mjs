// Checks that the rendered manifests of one overlay agree with the code and with each other, as ComposeFileTest does
// for docker-compose.yml. Each check returns a list of problems (empty = passed).
import { connectionAllowed, selectorMatches } from "./network.mjs";
import { documentedTopics, serviceSources } from "./sources.mjs";

const SUITE_COMPONENTS = new Set(["subgraph", "gateway"]);
/**
 * Variables read without a ${...} in application.properties that the manifests may set: Quarkus's own (mapped to
 * quarkus.* properties), the OpenTelemetry standard ones that turn tracing on (platform tracing.TracingSwitch) and
 * the JVM options the image's run-java.sh appends to the java command line (base/jvm/jvm.env).
 */
const QUARKUS_VARIABLES = new Set(["QUARKUS_SHUTDOWN_TIMEOUT", "OTEL_EXPORTER_OTLP_ENDPOINT",
  "OTEL_EXPORTER_OTLP_PROTOCOL", "JAVA_OPTS_APPEND"]);
const HEALTH_PROBES = {
  startupProbe: "/q/health/started",
  readinessProbe: "/q/health/ready",
  livenessProbe: "/q/health/live",
};
const NAMESPACE = "aspaire";
/** Addresses outside the cluster's pods: a public one, and one in a private network (a managed database, the API server). */
const INTERNET = { name: "internet", ip: "203.0.113.10" };
const PRIVATE_NETWORK = { name: "private-network", ip: "10.20.30.40" };
const EXTERNAL_SOURCES = [
  { name: "ingress-controller", namespace: "ingress-nginx",
    namespaceLabels: { "kubernetes.io/metadata.name": "ingress-nginx" },
    labels: { "app.kubernetes.io/name": "ingress-nginx" } },
  { name: "prometheus", namespace: "monitoring",
    namespaceLabels: { "kubernetes.io/metadata.name": "monitoring" },
    labels: { "app.kubernetes.io/name": "prometheus" } },
  // a look-alike of the gateway in another namespace must not get in
  { name: "gateway-elsewhere", namespace: "elsewhere",
    namespaceLabels: { "kubernetes.io/metadata.name": "elsewhere" },
    labels: { "app.kubernetes.io/name": "gateway" } },
];
const DNS = { name: "kube-dns", namespace: "kube-system",
  namespaceLabels: { "kubernetes.io/metadata.name": "kube-system" }, labels: { "k8s-app": "kube-dns" },
  ports: [{ name: "dns", port: 53, protocol: "UDP" }, { name: "dns-tcp", port: 53, protocol: "TCP" }] };

export class Manifests {
  constructor(objects, secrets) {
    this.objects = objects;
    /** Secrets created by the README for this overlay: name -> Map key -> value */
    this.secrets = secrets ?? new Map();
  }

  ofKind(kind) {
    return this.objects.filter((o) => o.kind === kind);
  }

  get(kind, name) {
    return this.objects.find((o) => o.kind === kind && o.metadata.name === name);
  }

  /** Deployments and StatefulSets as pods: name, labels, container ports. */
  workloads() {
    return [...this.ofKind("Deployment"), ...this.ofKind("StatefulSet")].map((w) => ({
      name: w.metadata.name,
      object: w,
      namespace: NAMESPACE,
      namespaceLabels: { "kubernetes.io/metadata.name": NAMESPACE },
      labels: w.spec.template.metadata?.labels ?? {},
      ports: w.spec.template.spec.containers.flatMap((c) => (c.ports ?? []).map((p) =>
          ({ name: p.name, port: p.containerPort, protocol: p.protocol ?? "TCP" }))),
    }));
  }

  /** The pods Strimzi runs for the Kafka resources (their labels are Strimzi's, documented). */
  strimziPods() {
    const pods = [];
    for (const kafka of this.ofKind("Kafka")) {
      const cluster = kafka.metadata.name;
      const base = { namespace: NAMESPACE, namespaceLabels: { "kubernetes.io/metadata.name": NAMESPACE } };
      for (const pool of this.ofKind("KafkaNodePool")
          .filter((p) => p.metadata.labels?.["strimzi.io/cluster"] === cluster)) {
        pods.push({ ...base, name: `${cluster}-${pool.metadata.name}`, strimzi: "broker",
          labels: { "strimzi.io/cluster": cluster, "strimzi.io/kind": "Kafka", "strimzi.io/name": `${cluster}-kafka`,
            "strimzi.io/pool-name": pool.metadata.name,
            "strimzi.io/broker-role": String(pool.spec.roles.includes("broker")),
            "strimzi.io/controller-role": String(pool.spec.roles.includes("controller")) },
          ports: [{ name: "tcp-ctrlplane", port: 9090, protocol: "TCP" },
            { name: "tcp-replication", port: 9091, protocol: "TCP" },
            ...kafka.spec.kafka.listeners.map((l) => ({ name: `tcp-${l.name}`, port: l.port, protocol: "TCP" }))] });
      }
      if (kafka.spec.entityOperator) {
        pods.push({ ...base, name: `${cluster}-entity-operator`, strimzi: "entity-operator",
          labels: { "strimzi.io/cluster": cluster, "strimzi.io/kind": "Kafka",
            "strimzi.io/name": `${cluster}-entity-operator` }, ports: [] });
      }
    }
    return pods;
  }

  pods() {
    return [...this.workloads(), ...this.strimziPods()];
  }

  suiteDeployments() {
    return this.ofKind("Deployment").filter((d) =>
        SUITE_COMPONENTS.has(d.spec.template.metadata?.labels?.["app.kubernetes.io/component"]));
  }

  /** What a container's environment is made of: variable -> list of sources ("ConfigMap x", "Secret y", "env"). */
  environment(container) {
    const env = new Map();
    const add = (name, source, value) => {
      if (!env.has(name)) {
        env.set(name, []);
      }
      env.get(name).push({ source, value });
    };
    for (const from of container.envFrom ?? []) {
      if (from.configMapRef) {
        const map = this.get("ConfigMap", from.configMapRef.name);
        for (const [k, v] of Object.entries(map?.data ?? {})) {
          add(k, `ConfigMap ${from.configMapRef.name}`, v);
        }
      }
      if (from.secretRef) {
        for (const [k, v] of this.secrets.get(from.secretRef.name) ?? []) {
          add(k, `Secret ${from.secretRef.name}`, v);
        }
      }
    }
    for (const e of container.env ?? []) {
      add(e.name, "env", e.value);
    }
    return env;
  }

  /** The pods a Service sends to and the container port a Service port lands on. */
  serviceTargets(serviceName, port) {
    const service = this.get("Service", serviceName);
    if (!service) {
      return null;
    }
    const servicePort = service.spec.ports.find((p) => p.port === port || p.name === port);
    if (!servicePort) {
      return [];
    }
    const targetPort = servicePort.targetPort ?? servicePort.port;
    return this.workloads().filter((w) => service.spec.selector && selectorMatches(
        { matchLabels: service.spec.selector }, w.labels)).flatMap((w) => w.ports
        .filter((p) => (typeof targetPort === "string" ? p.name === targetPort : p.port === targetPort))
        .map((p) => ({ peer: w, port: p.port, protocol: p.protocol })));
  }
}

function durationSeconds(text) {
  const m = /^(\d+)(ms|s|m)?$/i.exec(String(text ?? "").trim());
  if (!m) {
    return NaN;
  }
  const unit = (m[2] ?? "s").toLowerCase();
  return Number(m[1]) * { ms: 0.001, s: 1, m: 60 }[unit];
}

/** Every variable a service reads is set, every one set is read, none is set twice. */
export function checkEnvironment(manifests, deployment, root) {
  const problems = [];
  const module = deployment.metadata.name;
  const { variables } = serviceSources(root, module);
  const container = deployment.spec.template.spec.containers[0];
  for (const from of container.envFrom ?? []) {
    if (from.secretRef && !from.secretRef.optional && !manifests.secrets.has(from.secretRef.name)) {
      problems.push(`its Secret ${from.secretRef.name} is not created in README's commands`);
    }
  }
  const env = manifests.environment(container);
  for (const name of variables) {
    if (!env.has(name)) {
      problems.push(`${module} reads ${name} but the overlay does not set it: add it to configMapGenerator in `
          + `deploy/k8s/base/${module}/kustomization.yaml (or, if secret, to the Secret commands in deploy/k8s/README.md)`);
    }
  }
  for (const [name, sources] of env) {
    if (!variables.has(name) && !QUARKUS_VARIABLES.has(name)) {
      problems.push(`${name} is set (${sources.map((s) => s.source).join(", ")}) but ${module} never reads it `
          + "(no ${" + name + "} in its application.properties): remove it");
    }
    if (sources.length > 1) {
      problems.push(`${name} is set twice: ${sources.map((s) => s.source).join(", ")}`);
    }
  }
  return problems;
}

/** A "file:" location in the environment (JWT keys) is a file some volume of the pod provides. */
export function checkMountedFiles(manifests, deployment) {
  const problems = [];
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];
  for (const [name, sources] of manifests.environment(container)) {
    const value = String(sources[0].value ?? "");
    if (!value.startsWith("file:")) {
      continue;
    }
    const file = value.slice("file:".length);
    const mount = (container.volumeMounts ?? []).find((m) => file.startsWith(`${m.mountPath.replace(/\/$/, "")}/`));
    const volume = mount && (pod.volumes ?? []).find((v) => v.name === mount.name);
    const relative = mount && file.slice(mount.mountPath.replace(/\/$/, "").length + 1);
    if (!volume) {
      problems.push(`${name}=${value}: no volume is mounted there`);
    } else if (volume.secret) {
      const items = volume.secret.items;
      const key = items ? items.find((i) => i.path === relative)?.key : relative;
      if (!key) {
        problems.push(`${name}=${value}: Secret ${volume.secret.secretName} is mounted without ${relative}`);
      } else if (manifests.secrets.has(volume.secret.secretName)
          && !manifests.secrets.get(volume.secret.secretName).has(key)) {
        problems.push(`${name}=${value}: README's commands do not put ${key} into ${volume.secret.secretName}`);
      }
    } else if (volume.configMap) {
      const items = volume.configMap.items;
      const key = items ? items.find((i) => i.path === relative)?.key : relative;
      if (!key || !(key in (manifests.get("ConfigMap", volume.configMap.name)?.data ?? {}))) {
        problems.push(`${name}=${value}: ConfigMap ${volume.configMap.name} has no ${relative}`);
      }
    } else {
      problems.push(`${name}=${value}: volume ${volume.name} is neither a Secret nor a ConfigMap`);
    }
  }
  return problems;
}

/** Container port, Service port, probes and the default in application.properties all say HTTP_PORT. */
export function checkPorts(manifests, deployment, root) {
  const problems = [];
  const module = deployment.metadata.name;
  const { defaultPort, hasHealth } = serviceSources(root, module);
  if (!hasHealth) {
    problems.push(`${module}/pom.xml has no quarkus-smallrye-health: the probes' /q/health endpoints do not exist`);
  }
  const container = deployment.spec.template.spec.containers[0];
  const httpPort = Number(manifests.environment(container).get("HTTP_PORT")?.[0]?.value);
  if (httpPort !== defaultPort) {
    problems.push(`HTTP_PORT ${httpPort} differs from the default ${defaultPort} in application.properties`);
  }
  const http = (container.ports ?? []).find((p) => p.name === "http");
  if (!http || http.containerPort !== httpPort) {
    problems.push(`container port "http" is ${http?.containerPort} but HTTP_PORT is ${httpPort}`);
  }
  for (const [probe, path] of Object.entries(HEALTH_PROBES)) {
    const get = container[probe]?.httpGet;
    if (!get || get.path !== path || (get.port !== "http" && get.port !== httpPort)) {
      problems.push(`${probe} must GET ${path} on the http port (is ${JSON.stringify(get)})`);
    }
  }
  const service = manifests.get("Service", module);
  if (!service) {
    problems.push(`no Service ${module}`);
  } else if (!service.spec.ports.some((p) => p.port === httpPort && (p.targetPort === "http" || p.targetPort === httpPort))) {
    problems.push(`Service ${module} does not expose ${httpPort} -> http`);
  }
  return problems;
}

/** Non-root, read-only root filesystem, no escalation, no capabilities, seccomp, /tmp, resources, probes. */
export function checkPodSecurity(manifests, workload) {
  const problems = [];
  const pod = workload.spec.template.spec;
  if (pod.securityContext?.runAsNonRoot !== true) {
    problems.push("pod securityContext.runAsNonRoot is not true");
  }
  if (pod.securityContext?.seccompProfile?.type !== "RuntimeDefault") {
    problems.push("pod seccompProfile is not RuntimeDefault");
  }
  for (const c of pod.containers) {
    const sc = c.securityContext ?? {};
    if (sc.allowPrivilegeEscalation !== false) {
      problems.push(`${c.name}: allowPrivilegeEscalation is not false`);
    }
    if (sc.readOnlyRootFilesystem !== true) {
      problems.push(`${c.name}: readOnlyRootFilesystem is not true`);
    }
    if (!(sc.capabilities?.drop ?? []).includes("ALL")) {
      problems.push(`${c.name}: capabilities do not drop ALL`);
    }
    const tmp = (c.volumeMounts ?? []).find((m) => m.mountPath === "/tmp");
    if (!tmp || !pod.volumes?.find((v) => v.name === tmp.name)?.emptyDir) {
      problems.push(`${c.name}: /tmp is not an emptyDir (the root filesystem is read-only)`);
    }
    if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory || !c.resources?.limits?.memory) {
      problems.push(`${c.name}: needs cpu+memory requests and a memory limit`);
    }
    if (!c.readinessProbe || !c.livenessProbe) {
      problems.push(`${c.name}: needs readiness and liveness probes`);
    }
  }
  return problems;
}

/** The grace period covers the preStop pause plus Quarkus' shutdown timeout. */
export function checkShutdown(manifests, deployment) {
  const container = deployment.spec.template.spec.containers[0];
  const timeout = durationSeconds(manifests.environment(container).get("QUARKUS_SHUTDOWN_TIMEOUT")?.[0]?.value);
  const pause = container.lifecycle?.preStop?.sleep?.seconds ?? 0;
  const grace = deployment.spec.template.spec.terminationGracePeriodSeconds ?? 30;
  if (Number.isNaN(timeout)) {
    return ["QUARKUS_SHUTDOWN_TIMEOUT is not set: Quarkus would not drain requests on SIGTERM"];
  }
  return pause + timeout < grace ? [] : [`preStop ${pause} s + shutdown timeout ${timeout} s do not fit in `
      + `terminationGracePeriodSeconds ${grace}: the pod is killed while still draining`];
}

/** Selectors, names and ports that refer to other objects resolve. */
export function checkReferences(manifests) {
  const problems = [];
  const workloads = manifests.workloads();
  const pods = manifests.pods();
  for (const w of workloads) {
    if (!selectorMatches(w.object.spec.selector, w.labels)) {
      problems.push(`${w.object.kind} ${w.name}: selector does not match its own pod labels`);
    }
    for (const from of w.object.spec.template.spec.containers.flatMap((c) => c.envFrom ?? [])) {
      if (from.configMapRef && !manifests.get("ConfigMap", from.configMapRef.name)) {
        problems.push(`${w.name}: ConfigMap ${from.configMapRef.name} does not exist`);
      }
    }
    for (const v of w.object.spec.template.spec.volumes ?? []) {
      if (v.configMap && !manifests.get("ConfigMap", v.configMap.name)) {
        problems.push(`${w.name}: ConfigMap ${v.configMap.name} (volume ${v.name}) does not exist`);
      }
    }
  }
  for (const s of manifests.ofKind("Service")) {
    const selected = workloads.filter((w) => selectorMatches({ matchLabels: s.spec.selector ?? {} }, w.labels));
    if (selected.length !== 1) {
      problems.push(`Service ${s.metadata.name} selects ${selected.length} workloads (${selected.map((w) => w.name)})`);
    }
    for (const p of s.spec.ports) {
      if (manifests.serviceTargets(s.metadata.name, p.port).length === 0) {
        problems.push(`Service ${s.metadata.name} port ${p.port} -> ${p.targetPort}: no such container port`);
      }
    }
  }
  for (const h of manifests.ofKind("HorizontalPodAutoscaler")) {
    const t = h.spec.scaleTargetRef;
    if (!manifests.get(t.kind, t.name)) {
      problems.push(`HPA ${h.metadata.name}: no ${t.kind} ${t.name}`);
    }
  }
  for (const p of manifests.ofKind("PodDisruptionBudget")) {
    if (!workloads.some((w) => selectorMatches(p.spec.selector, w.labels))) {
      problems.push(`PDB ${p.metadata.name} selects no pod`);
    }
  }
  for (const m of manifests.ofKind("ServiceMonitor")) {
    const services = manifests.ofKind("Service").filter((s) => selectorMatches(m.spec.selector, s.metadata.labels ?? {}));
    if (services.length === 0) {
      problems.push(`ServiceMonitor ${m.metadata.name} selects no Service`);
    }
    for (const e of m.spec.endpoints) {
      if (!services.every((s) => s.spec.ports.some((p) => p.name === e.port))) {
        problems.push(`ServiceMonitor ${m.metadata.name}: port ${e.port} is not a named port of its Services`);
      }
      if (e.path !== "/q/metrics") {
        problems.push(`ServiceMonitor ${m.metadata.name}: path ${e.path} is not /q/metrics`);
      }
    }
  }
  for (const ingress of manifests.ofKind("Ingress")) {
    for (const path of ingress.spec.rules.flatMap((r) => r.http.paths)) {
      const b = path.backend.service;
      const targets = manifests.serviceTargets(b.name, b.port.name ?? b.port.number);
      if (!targets || targets.length === 0) {
        problems.push(`Ingress ${ingress.metadata.name} ${path.path}: no Service ${b.name} with port ` +
            `${b.port.name ?? b.port.number}`);
      }
    }
  }
  for (const np of manifests.ofKind("NetworkPolicy")) {
    if (!pods.some((p) => selectorMatches(np.spec.podSelector, p.labels))) {
      problems.push(`NetworkPolicy ${np.metadata.name} selects no pod`);
    }
  }
  return problems;
}

/** Every Secret the manifests use is created by the README's commands with the keys used, and nothing more. */
export function checkSecrets(manifests) {
  const problems = [];
  const used = new Map(); // name -> Set of keys ("*" = all keys, envFrom)
  const use = (name, key) => {
    if (!used.has(name)) {
      used.set(name, new Set());
    }
    used.get(name).add(key);
  };
  const optional = new Set();
  for (const w of manifests.workloads()) {
    const spec = w.object.spec.template.spec;
    for (const c of spec.containers) {
      for (const from of c.envFrom ?? []) {
        if (from.secretRef) {
          if (from.secretRef.optional) {
            optional.add(from.secretRef.name);
          } else {
            use(from.secretRef.name, "*");
          }
        }
      }
      for (const e of c.env ?? []) {
        if (e.valueFrom?.secretKeyRef) {
          use(e.valueFrom.secretKeyRef.name, e.valueFrom.secretKeyRef.key);
        }
      }
    }
    for (const v of spec.volumes ?? []) {
      if (v.secret) {
        (v.secret.items ?? [{ key: "*" }]).forEach((i) => use(v.secret.secretName, i.key));
      }
    }
  }
  for (const ingress of manifests.ofKind("Ingress")) {
    for (const tls of ingress.spec.tls ?? []) {
      use(tls.secretName, "tls.crt");
      use(tls.secretName, "tls.key");
    }
  }
  for (const [name, keys] of used) {
    const created = manifests.secrets.get(name);
    if (!created) {
      problems.push(`Secret ${name} is used but README's commands do not create it`);
      continue;
    }
    for (const key of keys) {
      if (key !== "*" && !created.has(key)) {
        problems.push(`Secret ${name}: key ${key} is used but README's commands do not set it`);
      }
    }
  }
  for (const name of manifests.secrets.keys()) {
    if (!used.has(name) && !optional.has(name)) {
      problems.push(`README's commands create Secret ${name}, which nothing uses`);
    }
  }
  return problems;
}

/** Every documented or consumed topic has a KafkaTopic and a dead-letter KafkaTopic; replication fits the brokers. */
export function checkTopics(manifests, root) {
  const problems = [];
  const kafka = manifests.ofKind("Kafka")[0];
  if (!kafka) {
    return ["no Kafka resource"];
  }
  const topics = new Map(manifests.ofKind("KafkaTopic").map((t) => [t.spec.topicName ?? t.metadata.name, t]));
  const documented = documentedTopics(root);
  const consumed = manifests.suiteDeployments().flatMap((d) => serviceSources(root, d.metadata.name).consumedTopics);
  if (documented.length === 0) {
    problems.push("docs/events.md lists no topic (table not found)");
  }
  for (const topic of new Set([...documented, ...consumed])) {
    for (const name of [topic, `${topic}.dlq`]) {
      if (!topics.has(name)) {
        problems.push(`no KafkaTopic ${name}${documented.includes(topic) ? "" : " (consumed, not in docs/events.md)"}`);
      }
    }
  }
  const known = new Set(documented.flatMap((t) => [t, `${t}.dlq`]));
  const brokers = manifests.ofKind("KafkaNodePool").filter((p) => p.spec.roles.includes("broker"))
      .reduce((n, p) => n + p.spec.replicas, 0);
  for (const [name, t] of topics) {
    if (!known.has(name)) {
      problems.push(`KafkaTopic ${name} is not in docs/events.md`);
    }
    if (t.metadata.labels?.["strimzi.io/cluster"] !== kafka.metadata.name) {
      problems.push(`KafkaTopic ${name}: label strimzi.io/cluster is not ${kafka.metadata.name}`);
    }
    if (t.spec.replicas > brokers) {
      problems.push(`KafkaTopic ${name}: ${t.spec.replicas} replicas on ${brokers} broker(s)`);
    }
    const minIsr = Number(t.spec.config?.["min.insync.replicas"] ?? kafka.spec.kafka.config?.["min.insync.replicas"] ?? 1);
    if (t.spec.replicas > 1 && minIsr >= t.spec.replicas) {
      problems.push(`KafkaTopic ${name}: min.insync.replicas ${minIsr} leaves no broker to lose`);
    }
  }
  const defaults = Number(kafka.spec.kafka.config?.["default.replication.factor"] ?? 1);
  if (defaults > brokers) {
    problems.push(`Kafka default.replication.factor ${defaults} on ${brokers} broker(s)`);
  }
  return problems;
}

/** prod: replicas, autoscaling and disruption budgets for availability; databases are not run in the cluster. */
export function checkProductionShape(manifests) {
  const problems = [];
  for (const d of manifests.suiteDeployments()) {
    if ((d.spec.replicas ?? 1) < 2) {
      problems.push(`Deployment ${d.metadata.name}: ${d.spec.replicas ?? 1} replica(s)`);
    }
    const hpa = manifests.ofKind("HorizontalPodAutoscaler").find((h) => h.spec.scaleTargetRef.name === d.metadata.name);
    if (!hpa || hpa.spec.minReplicas < 2) {
      problems.push(`Deployment ${d.metadata.name}: no HPA with minReplicas >= 2`);
    }
    const pdb = manifests.ofKind("PodDisruptionBudget").find((p) =>
        selectorMatches(p.spec.selector, d.spec.template.metadata.labels));
    if (!pdb || pdb.spec.minAvailable !== 1) {
      problems.push(`Deployment ${d.metadata.name}: no PDB with minAvailable 1`);
    }
    const env = manifests.environment(d.spec.template.spec.containers[0]);
    for (const [name, sources] of env) {
      if (/^(DB_|MONGODB_URI)/.test(name) && name !== "DB_POOL_SIZE" && !sources.every((s) => s.source.startsWith("Secret"))) {
        problems.push(`${d.metadata.name}: ${name} must come from its Secret in prod`);
      }
    }
  }
  for (const s of manifests.ofKind("StatefulSet")) {
    problems.push(`StatefulSet ${s.metadata.name} runs in prod (databases are managed there)`);
  }
  return problems;
}

/** Where a configured address points: pods of a Service (or Kafka's bootstrap), or an address outside. */
function addressTargets(manifests, host, port) {
  const service = manifests.serviceTargets(host, port);
  if (service) {
    return service;
  }
  const kafka = manifests.ofKind("Kafka").find((k) => host === `${k.metadata.name}-kafka-bootstrap`);
  if (kafka) {
    return manifests.strimziPods().filter((p) => p.labels["strimzi.io/broker-role"] === "true"
        && p.labels["strimzi.io/cluster"] === kafka.metadata.name).map((p) => ({ peer: p, port, protocol: "TCP" }));
  }
  return [{ peer: INTERNET, port, protocol: "TCP" }];
}

/** The addresses a service's configuration makes it connect to. */
function configuredAddresses(env) {
  const value = (name) => env.get(name)?.[0]?.value;
  const addresses = [];
  if (value("DB_HOST")) {
    addresses.push({ host: value("DB_HOST"), port: Number(value("DB_PORT") ?? 5432), why: "DB_HOST" });
  }
  for (const server of (value("KAFKA_BOOTSTRAP_SERVERS") ?? "").split(",").filter(Boolean)) {
    const [host, port] = server.trim().split(":");
    addresses.push({ host, port: Number(port ?? 9092), why: "KAFKA_BOOTSTRAP_SERVERS" });
  }
  for (const [name, sources] of env) {
    const v = sources[0].value ?? "";
    const m = /^(https?|mongodb):\/\/(?:[^@/]*@)?([^:/?]+)(?::(\d+))?/.exec(v);
    if (m && /_(URL|URI|LOCATION)$/.test(name)) { // _LOCATION: a JWT key set URL
      const defaults = { http: 80, https: 443, mongodb: 27017 };
      addresses.push({ host: m[2], port: Number(m[3] ?? defaults[m[1]]), why: name });
    }
  }
  return addresses;
}

const edgeKey = (source, destination, port, protocol) => `${source.name} -> ${destination.name}:${port}/${protocol}`;

/** The connections the suite needs, derived from configuration, Ingress, ServiceMonitors and Strimzi. */
export function neededEdges(manifests) {
  const needed = new Map();
  const need = (source, target, why) => needed.set(edgeKey(source, target.peer, target.port, target.protocol), why);
  const pods = manifests.pods();
  for (const pod of pods) {
    DNS.ports.forEach((p) => need(pod, { peer: DNS, port: p.port, protocol: p.protocol }, "DNS"));
  }
  for (const d of manifests.suiteDeployments()) {
    const pod = pods.find((p) => p.name === d.metadata.name);
    for (const a of configuredAddresses(manifests.environment(d.spec.template.spec.containers[0]))) {
      addressTargets(manifests, a.host, a.port).forEach((t) => need(pod, t, a.why));
    }
  }
  const [ingressController, prometheus] = EXTERNAL_SOURCES;
  for (const ingress of manifests.ofKind("Ingress")) {
    for (const path of ingress.spec.rules.flatMap((r) => r.http.paths)) {
      const b = path.backend.service;
      (manifests.serviceTargets(b.name, b.port.name ?? b.port.number) ?? [])
          .forEach((t) => need(ingressController, t, `Ingress ${path.path}`));
    }
  }
  for (const m of manifests.ofKind("ServiceMonitor")) {
    for (const s of manifests.ofKind("Service").filter((s) => selectorMatches(m.spec.selector, s.metadata.labels ?? {}))) {
      m.spec.endpoints.forEach((e) => (manifests.serviceTargets(s.metadata.name, e.port) ?? [])
          .forEach((t) => need(prometheus, t, `ServiceMonitor ${m.metadata.name}`)));
    }
  }
  const strimzi = manifests.strimziPods();
  for (const source of strimzi) {
    for (const broker of strimzi.filter((p) => p.strimzi === "broker")) {
      [9090, 9091].forEach((port) => need(source, { peer: broker, port, protocol: "TCP" }, "Kafka cluster"));
    }
    if (source.strimzi === "entity-operator") {
      [443, 6443].forEach((port) => need(source, { peer: INTERNET, port, protocol: "TCP" },
          "Kubernetes API"));
    }
  }
  return needed;
}

/** The NetworkPolicies open every needed connection and no other one. */
export function checkNetwork(manifests) {
  const policies = manifests.ofKind("NetworkPolicy");
  const needed = neededEdges(manifests);
  const pods = manifests.pods();
  const externalPorts = new Set([53, 80, 443, 5432, 6443, 9092, 27017]);
  for (const key of needed.keys()) {
    externalPorts.add(Number(key.split(":").pop().split("/")[0]));
  }
  const destinations = [
    ...pods.flatMap((p) => p.ports.map((port) => ({ peer: p, port: port.port, protocol: port.protocol }))),
    ...DNS.ports.map((p) => ({ peer: DNS, port: p.port, protocol: p.protocol })),
    ...[INTERNET, PRIVATE_NETWORK].flatMap((peer) => [...externalPorts].map((port) => ({ peer, port, protocol: "TCP" }))),
  ];
  const problems = [];
  for (const source of [...pods, ...EXTERNAL_SOURCES]) {
    for (const d of destinations) {
      if (source === d.peer || (source.namespace !== NAMESPACE && d.peer.namespace !== NAMESPACE)) {
        continue; // nothing of this namespace's policies is involved
      }
      const key = edgeKey(source, d.peer, d.port, d.protocol);
      const open = connectionAllowed(policies, NAMESPACE, source, d.peer, d.port, d.protocol);
      // an address outside the pods that is needed may sit in a private network too (a managed database)
      const tolerated = d.peer === PRIVATE_NETWORK && needed.has(edgeKey(source, INTERNET, d.port, d.protocol));
      if (needed.has(key) && !open) {
        problems.push(`blocked but needed (${needed.get(key)}): ${key}`);
      } else if (!needed.has(key) && open && !tolerated) {
        problems.push(`open but not needed: ${key}`);
      }
    }
  }
  return problems;
}
