// Validates the rendered overlays (run by ../validate.sh, which renders them and fetches the dependencies):
//   node validate.mjs --root REPO --crds DIR --strict-classpath CP OVERLAY=RENDERED.yaml ...
// One line per rendered object (schema + unknown fields) and per consistency check, then "N passed, N failed".
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import yaml from "js-yaml";
import { crdValidators, validateWithCrd, validateWithModel } from "./schemas.mjs";
import { documentedSecrets } from "./sources.mjs";
import {
  Manifests, checkEnvironment, checkMountedFiles, checkNetwork, checkPodSecurity, checkPorts, checkProductionShape, checkReferences,
  checkSecrets, checkShutdown, checkTopics,
} from "./consistency.mjs";

const STRIMZI_GROUP = "kafka.strimzi.io/";

function parseArgs(argv) {
  const options = { overlays: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith("--")) {
      options[argv[i].slice(2)] = argv[++i];
    } else {
      const [name, file] = argv[i].split("=");
      options.overlays.push({ name, file });
    }
  }
  return options;
}

/** Unknown fields, through StrictFields.java (one JVM for every object). Map id -> problem or null. */
function strictFields(items, classpath) {
  const input = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "aspaire-k8s-")), "objects.json");
  fs.writeFileSync(input, JSON.stringify(items));
  const run = spawnSync("java", ["-cp", classpath, "StrictFields", input], { encoding: "utf8", maxBuffer: 1 << 26 });
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

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const root = path.resolve(options.root);
  const crds = crdValidators(options.crds);
  const readme = fs.readFileSync(path.join(root, "deploy/k8s/README.md"), "utf8");
  const results = [];
  const strictItems = [];
  const rendered = [];

  for (const overlay of options.overlays) {
    const objects = yaml.loadAll(fs.readFileSync(overlay.file, "utf8")).filter(Boolean);
    rendered.push({ overlay, objects });
    for (const object of objects) {
      const id = `${overlay.name}:${object.kind}/${object.metadata?.name}`;
      const strimzi = String(object.apiVersion).startsWith(STRIMZI_GROUP);
      const problems = strimzi ? validateWithCrd(crds, object) : await validateWithModel(object);
      results.push({ id, problems });
      strictItems.push(strimzi
          ? { id, model: "V1ObjectMeta", object: object.metadata ?? {} }
          : { id, object });
    }
  }

  const strict = strictFields(strictItems, options["strict-classpath"]);
  for (const result of results) {
    if (!strict.has(result.id)) {
      result.problems.push("not checked for unknown fields");
    } else if (strict.get(result.id)) {
      result.problems.push(`unknown field or wrong value: ${strict.get(result.id)}`);
    }
  }

  for (const { overlay, objects } of rendered) {
    const secrets = documentedSecrets(readme, overlay.name);
    const manifests = new Manifests(objects, secrets);
    const check = (name, problems) => results.push({ id: `${overlay.name}: ${name}`, problems });
    if (!secrets) {
      check("README documents its Secrets", [`no "<!-- secrets:${overlay.name} -->" block in deploy/k8s/README.md`]);
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
    if (overlay.name === "prod") {
      check("production shape", checkProductionShape(manifests));
    }
  }

  let passed = 0;
  let failed = Number(options["render-failures"] ?? 0); // overlays kubectl could not render (printed by validate.sh)
  for (const { id, problems } of results) {
    if (problems.length === 0) {
      passed++;
      console.log(`PASS ${id}`);
    } else {
      failed++;
      console.log(`FAIL ${id}`);
      problems.forEach((p) => console.log(`     - ${p}`));
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}

main().catch((e) => {
  console.error(e.stack ?? String(e));
  process.exitCode = 2;
});
