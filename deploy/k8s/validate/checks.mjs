// Every check of a set of rendered overlays: schemas and unknown fields per object, consistency per overlay.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { validateWithCrd, validateWithModel } from "./schemas.mjs";
import { documentedSecrets } from "./sources.mjs";
import {
  Manifests, checkEnvironment, checkMountedFiles, checkNetwork, checkPodSecurity, checkPorts, checkProductionShape,
  checkReferences, checkSecrets, checkShutdown, checkTopics,
} from "./consistency.mjs";

const STRIMZI_GROUP = "kafka.strimzi.io/";

/** Unknown fields, through StrictFields.java (one JVM for every object). Map id -> problem or null. */
function strictFields(items, classpath) {
  const input = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "aspaire-k8s-")), "objects.json");
  fs.writeFileSync(input, JSON.stringify(items));
  const run = spawnSync("java", ["-cp", classpath, "StrictFields", input], { encoding: "utf8", maxBuffer: 1 << 26 });
  fs.rmSync(path.dirname(input), { recursive: true, force: true });
  if (run.status !== 0) {
    throw new Error(`StrictFields failed: ${run.stderr || run.error}`);
  }
  const results = new Map();
  for (const line of run.stdout.split("\n").filter(Boolean)) {
    const [status, id, ...why] = line.split(" ");
    results.set(id, status === "OK" ? null : why.join(" "));
  }
  return results;
}

/**
 * overlays: [{ name, profile, objects }] where profile ("dev", "prod") selects the README's Secret commands and the
 * production rules. Returns [{ id, problems }], one per object and per check.
 */
export async function checkOverlays({ root, crds, classpath, readme, overlays }) {
  const results = [];
  const strictItems = [];
  for (const overlay of overlays) {
    for (const object of overlay.objects) {
      const id = `${overlay.name}:${object.kind}/${object.metadata?.name}`;
      const strimzi = String(object.apiVersion).startsWith(STRIMZI_GROUP);
      const problems = strimzi ? validateWithCrd(crds, object) : await validateWithModel(object);
      results.push({ id, problems });
      // a custom resource's metadata is still Kubernetes ObjectMeta
      strictItems.push(strimzi ? { id, model: "V1ObjectMeta", object: object.metadata ?? {} } : { id, object });
    }
  }
  const strict = strictFields(strictItems, classpath);
  for (const result of results) {
    if (!strict.has(result.id)) {
      result.problems.push("not checked for unknown fields");
    } else if (strict.get(result.id)) {
      result.problems.push(`unknown field or wrong value: ${strict.get(result.id)}`);
    }
  }

  for (const overlay of overlays) {
    const secrets = documentedSecrets(readme, overlay.profile);
    const manifests = new Manifests(overlay.objects, secrets);
    const check = (name, problems) => results.push({ id: `${overlay.name}: ${name}`, problems });
    if (!secrets) {
      check("README documents its Secrets", [`no "<!-- secrets:${overlay.profile} -->" block in deploy/k8s/README.md`]);
    }
    for (const d of manifests.suiteDeployments()) {
      check(`environment of ${d.metadata.name}`, checkEnvironment(manifests, d, root));
      check(`ports and probes of ${d.metadata.name}`, checkPorts(manifests, d, root));
      check(`shutdown of ${d.metadata.name}`, checkShutdown(manifests, d));
      check(`mounted files of ${d.metadata.name}`, checkMountedFiles(manifests, d));
    }
    for (const w of manifests.workloads()) {
      check(`pod security of ${w.object.kind} ${w.name}`, checkPodSecurity(manifests, w.object));
    }
    check("references (selectors, names, ports)", checkReferences(manifests));
    check("Secrets match README's commands", checkSecrets(manifests));
    check("Kafka topics (docs/events.md)", checkTopics(manifests, root));
    check("NetworkPolicy edges: all needed, nothing else", checkNetwork(manifests));
    if (overlay.profile === "prod") {
      check("production shape", checkProductionShape(manifests));
    }
  }
  return results;
}
