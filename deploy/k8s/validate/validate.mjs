// Validates the rendered overlays (run by ../validate.sh, which renders them and fetches the dependencies):
//   node validate.mjs --root REPO --crds DIR --strict-classpath CP [--render-failures N] OVERLAY=RENDERED.yaml ...
// One line per rendered object (schema + unknown fields), per consistency check and per self-test case (the checks
// must catch known breakages), then "N passed, N failed".
import fs from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import { checkOverlays } from "./checks.mjs";
import { crdValidators } from "./schemas.mjs";
import { selfTest } from "./selftest.mjs";

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

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const root = path.resolve(options.root);
  const context = {
    root,
    crds: crdValidators(options.crds),
    classpath: options["strict-classpath"],
    readme: fs.readFileSync(path.join(root, "deploy/k8s/README.md"), "utf8"),
  };
  const check = (overlays) => checkOverlays({ ...context, overlays });
  const rendered = options.overlays.map((o) => ({
    name: o.name, profile: o.name, objects: yaml.loadAll(fs.readFileSync(o.file, "utf8")).filter(Boolean),
  }));
  const results = await check(rendered);
  if (["dev", "prod"].every((p) => rendered.some((r) => r.name === p))) {
    results.push(...await selfTest(rendered, check));
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
