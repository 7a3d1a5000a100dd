// Schema validation of rendered objects: Kubernetes kinds through kubernetes-models (types, formats, required fields),
// Strimzi kinds through their CRDs' openAPIV3Schema made strict. Unknown fields of Kubernetes kinds are the job of
// StrictFields.java (kubernetes-models lets them pass).
import fs from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import yaml from "js-yaml";

const MODEL_PACKAGES = {
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator/monitoring.coreos.com",
};

/** The kubernetes-models class for apiVersion + kind, or null when the package has none. */
export async function kubernetesModel(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : [null, apiVersion];
  const base = MODEL_PACKAGES[group] ?? (group ? `kubernetes-models/${group}` : "kubernetes-models");
  try {
    const module = await import(`${base}/${version}/${kind}`);
    return module[kind] ?? null;
  } catch {
    return null;
  }
}

export async function validateWithModel(object) {
  const Model = await kubernetesModel(object.apiVersion, object.kind);
  if (!Model) {
    return [`no schema for ${object.apiVersion} ${object.kind}`];
  }
  try {
    new Model(object).validate();
    return [];
  } catch (e) {
    return [e.message];
  }
}

/**
 * A CRD schema where every object that lists its properties and does not preserve unknown fields also refuses
 * fields it does not list: what the API server does with a CRD's structural schema (pruning) becomes an error here.
 */
function strict(schema) {
  if (Array.isArray(schema)) {
    return schema.map(strict);
  }
  if (!schema || typeof schema !== "object") {
    return schema;
  }
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] = key === "properties"
      ? Object.fromEntries(Object.entries(value).map(([name, s]) => [name, strict(s)]))
      : strict(value);
  }
  if (out.properties && !out["x-kubernetes-preserve-unknown-fields"] && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  return out;
}

/** Validators for every kind and served version of the CRDs in crdDir, keyed "group/version/Kind". */
export function crdValidators(crdDir) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  const validators = new Map();
  for (const file of fs.readdirSync(crdDir).filter((f) => f.endsWith(".yaml")).sort()) {
    const crd = yaml.load(fs.readFileSync(path.join(crdDir, file), "utf8"));
    for (const version of crd.spec.versions.filter((v) => v.served)) {
      const schema = strict(version.schema.openAPIV3Schema);
      // metadata is left to the API server by the CRD: the Kubernetes ObjectMeta rules apply (StrictFields.java)
      validators.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, ajv.compile(schema));
    }
  }
  return validators;
}

export function validateWithCrd(validators, object) {
  const validate = validators.get(`${object.apiVersion}/${object.kind}`);
  if (!validate) {
    return [`no CRD schema for ${object.apiVersion} ${object.kind}`];
  }
  if (validate(object)) {
    return [];
  }
  return validate.errors.map((e) => `${e.instancePath || "/"} ${e.message}` +
      (e.params?.additionalProperty ? `: ${e.params.additionalProperty}` : ""));
}
