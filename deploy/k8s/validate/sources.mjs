// What the repository says the manifests must agree with: the variables each service reads, its HTTP port and
// consumed topics (application.properties), the topics of docs/events.md, and the Secrets deploy/k8s/README.md creates.
import fs from "node:fs";
import path from "node:path";

const REFERENCE = /\$\{([A-Z][A-Z0-9_]*)[:}]/g;

export function serviceSources(root, module) {
  const propertiesFile = path.join(root, module, "src/main/resources/application.properties");
  const properties = fs.readFileSync(propertiesFile, "utf8");
  const pom = fs.readFileSync(path.join(root, module, "pom.xml"), "utf8");
  const files = [properties];
  // services built on the platform library also read its defaults
  if (/<artifactId>aspaire-platform<\/artifactId>/.test(pom)) {
    files.push(fs.readFileSync(path.join(root, "platform/src/main/resources/META-INF/microprofile-config.properties"),
        "utf8"));
  }
  const variables = new Set();
  for (const text of files) {
    // comments and other profiles' lines (%test., %dev.) are not what runs in a cluster
    const running = (l) => !l.trimStart().startsWith("#") && !/^\s*%(?!prod\.)/.test(l);
    for (const line of text.split("\n").filter(running)) {
      for (const m of line.matchAll(REFERENCE)) {
        variables.add(m[1]);
      }
    }
  }
  const port = properties.match(/^quarkus\.http\.port=\$\{HTTP_PORT:(\d+)\}/m);
  const topics = [...properties.matchAll(/^mp\.messaging\.incoming\.[^.]+\.topic=(\S+)/gm)].map((m) => m[1]);
  const hasHealth = /<artifactId>quarkus-smallrye-health<\/artifactId>/.test(pom);
  return { variables, defaultPort: port ? Number(port[1]) : null, consumedTopics: topics, hasHealth };
}

export function documentedTopics(root) {
  const text = fs.readFileSync(path.join(root, "docs/events.md"), "utf8");
  return [...text.matchAll(/^\| `(aspaire\.[a-z0-9.-]+)` \|/gm)].map((m) => m[1]);
}

/**
 * The Secrets created by the README's commands for one overlay (the bash block after "<!-- secrets:NAME -->"):
 * Map name -> Map key -> value as written (literals; file paths for --from-file).
 */
export function documentedSecrets(readme, overlay) {
  const marker = readme.indexOf(`<!-- secrets:${overlay} -->`);
  if (marker < 0) {
    return null;
  }
  const start = readme.indexOf("```bash", marker);
  const end = readme.indexOf("```", start + 7);
  const script = readme.slice(start + 7, end).replace(/\\\n\s*/g, " ");
  const secrets = new Map();
  for (const line of script.split("\n")) {
    const m = line.match(/create secret (generic|tls) (\S+)/);
    if (!m) {
      continue;
    }
    const keys = new Map();
    if (m[1] === "tls") {
      keys.set("tls.crt", "").set("tls.key", "");
    }
    for (const arg of line.matchAll(/--from-(literal|file)=([A-Za-z0-9_.-]+)=("[^"]*"|\S*)/g)) {
      keys.set(arg[2], arg[3].replace(/^"|"$/g, ""));
    }
    secrets.set(m[2], keys);
  }
  return secrets;
}
