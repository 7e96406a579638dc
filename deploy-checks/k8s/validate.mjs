// Validates Kubernetes manifests against the API's schemas: node validate.mjs FILE...
// 1. kubernetes-models: each object against the JSON schema generated from the Kubernetes OpenAPI spec
//    (types, required fields, enums, formats; Kubernetes 1.27);
// 2. the official client's models (@kubernetes/client-node, generated from the same spec): every field
//    must be one the API knows, as kubectl's strict field validation insists (a typo is not silently dropped).
// Prints one line per object; exits 1 when anything is wrong.
import fs from "node:fs";
import yaml from "js-yaml";
// only the generated models (and their type maps), not the client with its HTTP and JSONPath dependencies
import * as k8s from "@kubernetes/client-node/dist/gen/models/ObjectSerializer.js";

let errors = 0;
const problem = (where, message) => { errors++; console.log(`error ${where}: ${message}`); };

function modelPath(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : [null, apiVersion];
  return `kubernetes-models/${group ? group + "/" : ""}${version}/${kind}`;
}

function className(apiVersion, kind) {
  const version = apiVersion.split("/").pop();
  return version.charAt(0).toUpperCase() + version.slice(1) + kind;
}

function strict(value, type, path, where) {
  if (value === null || value === undefined) return;
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    if (Array.isArray(value)) value.forEach((v, i) => strict(v, array[1], `${path}[${i}]`, where));
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    if (typeof value === "object") for (const [k, v] of Object.entries(value)) strict(v, map[1], `${path}.${k}`, where);
    return;
  }
  const model = k8s[type];
  if (!model || typeof model.getAttributeTypeMap !== "function" || typeof value !== "object" || Array.isArray(value)) return;
  const attributes = model.getAttributeTypeMap();
  for (const [key, v] of Object.entries(value)) {
    const attribute = attributes.find(a => a.baseName === key);
    if (!attribute) {
      problem(where, `${path}.${key}: unknown field (not in ${type})`);
    } else {
      strict(v, attribute.type, `${path}.${key}`, where);
    }
  }
}

for (const file of process.argv.slice(2)) {
  const docs = yaml.loadAll(fs.readFileSync(file, "utf8")).filter(d => d);
  for (const doc of docs) {
    const where = `${file} ${doc.kind}/${doc.metadata?.name ?? "?"}`;
    if (!doc.apiVersion || !doc.kind) { problem(where, "no apiVersion or kind"); continue; }
    if (doc.kind === "Kustomization") {
      for (const resource of doc.resources ?? []) {
        if (!fs.existsSync(new URL(resource, "file://" + fs.realpathSync(file)))) problem(where, `resource ${resource} does not exist`);
      }
      console.log(`ok ${where} (resources exist)`);
      continue;
    }
    let Model;
    try {
      Model = (await import(modelPath(doc.apiVersion, doc.kind)))[doc.kind];
    } catch (e) {
      problem(where, `${doc.apiVersion} ${doc.kind} is not a Kubernetes API kind`);
      continue;
    }
    try {
      new Model(doc).validate();
    } catch (e) {
      problem(where, e.message);
      continue;
    }
    const type = className(doc.apiVersion, doc.kind);
    if (!k8s[type]) { problem(where, `no model ${type} to check its fields with`); continue; }
    const before = errors;
    strict(doc, type, doc.kind, where);
    if (errors === before) console.log(`ok ${where}`);
  }
}
console.log(errors === 0 ? "all manifests valid" : `${errors} problem(s)`);
process.exit(errors === 0 ? 0 : 1);
