// The validator's own test: each case breaks a copy of a rendered overlay the way a manifest edit could, and the
// checks must report it. All cases run in one batch (one JVM for the strict checks).
const find = (objects, kind, name) => {
  const found = objects.find((o) => o.kind === kind && (o.metadata.name === name || o.metadata.name.startsWith(`${name}-`)));
  if (!found) {
    throw new Error(`self-test target ${kind} ${name} is gone: update selftest.mjs`);
  }
  return found;
};
const container = (objects, name) => find(objects, "Deployment", name).spec.template.spec.containers[0];

export const CASES = [
  { what: "a typo'd field (containerPortt) in a Deployment", profile: "dev", expect: "containerPortt",
    breaks: (o) => {
      const port = container(o, "user-service").ports[0];
      port.containerPortt = port.containerPort;
      delete port.containerPort;
    } },
  { what: "a wrong type (containerPort: \"eighty\")", profile: "dev", expect: "must be integer",
    breaks: (o) => { container(o, "job-service").ports[0].containerPort = "eighty"; } },
  { what: "a typo'd field in a ServiceMonitor (fabric8 model)", profile: "dev", expect: "pathh",
    breaks: (o) => {
      const endpoint = find(o, "ServiceMonitor", "ai-service").spec.endpoints[0];
      endpoint.pathh = endpoint.path;
    } },
  { what: "a typo'd field in a KafkaTopic (Strimzi CRD)", profile: "dev", expect: "partitionz",
    breaks: (o) => { find(o, "KafkaTopic", "aspaire.users.v1").spec.partitionz = 3; } },
  { what: "a wrong type in a Kafka (Strimzi CRD)", profile: "dev", expect: "must be boolean",
    breaks: (o) => { find(o, "Kafka", "aspaire").spec.kafka.listeners[0].tls = "no"; } },
  { what: "a typo'd metadata field of a custom resource", profile: "dev", expect: "labelz",
    breaks: (o) => { find(o, "KafkaNodePool", "dual-role").metadata.labelz = { a: "b" }; } },
  { what: "a variable the service reads is not set", profile: "dev", expect: "reads ASPAIRE_BCRYPT_COST",
    breaks: (o) => { delete find(o, "ConfigMap", "user-service-config").data.ASPAIRE_BCRYPT_COST; } },
  { what: "a variable is set that the service never reads", profile: "dev", expect: "REMINDER_BATCH is set",
    breaks: (o) => { find(o, "ConfigMap", "pipeline-service-config").data.REMINDER_BATCH = "7"; } },
  { what: "HTTP_PORT and the container port disagree", profile: "dev", expect: "but HTTP_PORT is",
    breaks: (o) => { container(o, "pipeline-service").ports[0].containerPort = 9083; } },
  { what: "a Service selects no pod", profile: "dev", expect: "selects 0 workloads",
    breaks: (o) => { find(o, "Service", "job-service").spec.selector["app.kubernetes.io/name"] = "jobs-service"; } },
  { what: "a documented topic has no dead-letter KafkaTopic", profile: "dev",
    expect: "no KafkaTopic aspaire.reminders.v1.dlq",
    breaks: (o) => { o.splice(o.indexOf(find(o, "KafkaTopic", "aspaire.reminders.v1.dlq")), 1); } },
  { what: "a NetworkPolicy opens an edge nobody needs", profile: "dev",
    expect: "open but not needed: ingress-controller -> pipeline-service",
    breaks: (o) => {
      find(o, "NetworkPolicy", "pipeline-service").spec.ingress[0].from.push(
          { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } });
    } },
  { what: "a NetworkPolicy closes a needed edge", profile: "dev",
    expect: "blocked but needed (MONGODB_URI): job-service -> mongodb",
    breaks: (o) => {
      const values = find(o, "NetworkPolicy", "mongodb").spec.ingress[0].from[0].podSelector.matchExpressions[0].values;
      values.splice(values.indexOf("job-service"), 1);
    } },
  { what: "the JWT private key is not mounted where the variable says", profile: "dev", expect: "mounted without",
    breaks: (o) => {
      const volume = find(o, "Deployment", "user-service").spec.template.spec.volumes.find((v) => v.secret);
      volume.secret.items = volume.secret.items.filter((i) => i.key !== "jwt-private.pem");
    } },
  { what: "the grace period is shorter than the shutdown", profile: "dev", expect: "do not fit",
    breaks: (o) => { find(o, "Deployment", "gateway").spec.template.spec.terminationGracePeriodSeconds = 20; } },
  { what: "a writable root filesystem", profile: "dev", expect: "readOnlyRootFilesystem is not true",
    breaks: (o) => { container(o, "ai-service").securityContext.readOnlyRootFilesystem = false; } },
  { what: "prod without minAvailable 1", profile: "prod", expect: "no PDB with minAvailable 1",
    breaks: (o) => { find(o, "PodDisruptionBudget", "gateway").spec.minAvailable = 0; } },
];

/** Runs every case through check(overlays) and returns one result per case: caught or not. */
export async function selfTest(rendered, check) {
  const overlays = [];
  const setup = [];
  CASES.forEach((c, i) => {
    const name = `self-test-${i + 1}`;
    try {
      const objects = structuredClone(rendered.find((r) => r.name === c.profile).objects);
      c.breaks(objects);
      overlays.push({ name, profile: c.profile, objects });
    } catch (e) {
      setup[i] = e.message;
    }
  });
  const results = await check(overlays);
  return CASES.map((c, i) => {
    const name = `self-test-${i + 1}`;
    const id = `self-test: catches ${c.what}`;
    if (setup[i]) {
      return { id, problems: [setup[i]] };
    }
    const reported = results.filter((r) => r.id.startsWith(`${name}:`)).flatMap((r) => r.problems);
    return reported.some((p) => p.includes(c.expect)) ? { id, problems: [] }
        : { id, problems: [`expected a problem containing "${c.expect}", got: ${reported.join(" | ") || "none"}`] };
  });
}
