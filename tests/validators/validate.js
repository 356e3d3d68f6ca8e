#!/usr/bin/env node
// Validates what Momentum emits, with the platforms' own definitions:
//   *.adaptive.json — an Adaptive Card, parsed by Microsoft's `adaptivecards` package (parse and validation events);
//   *.blockkit.json — a Slack message body ({text, blocks, …}), type-checked against @slack/types' KnownBlock by tsc.
// Usage: node validate.js <folder>. Prints one line per problem ("file: message") and exits 1 when there is any.
"use strict";
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");

const folder = process.argv[2];
if (!folder || !fs.statSync(folder).isDirectory()) {
  console.error("usage: node validate.js <folder of *.adaptive.json and *.blockkit.json files>");
  process.exit(2);
}

const files = fs.readdirSync(folder).sort();
const problems = [];

// Adaptive Cards: the lib/ build is ES modules without file extensions, which Node cannot load; dist/ is the bundle.
const AC = require("adaptivecards/dist/adaptivecards.js");
const adaptive = files.filter((f) => f.endsWith(".adaptive.json"));
for (const file of adaptive) {
  const json = JSON.parse(fs.readFileSync(path.join(folder, file), "utf8"));
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  card.parse(json, context);
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    problems.push(`${file}: ${AC.ValidationPhase[e.phase]} ${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  for (const e of card.validateProperties().validationEvents) {
    problems.push(`${file}: ${AC.ValidationPhase[e.phase]} ${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
}

// Block Kit: every message becomes an object literal typed as a Slack message, so excess or mistyped properties
// (a wrong block type, a plain_text where mrkdwn is required, an unknown field) are compile errors.
const blockKit = files.filter((f) => f.endsWith(".blockkit.json"));
if (blockKit.length > 0) {
  const lines = [
    // An absolute import: the folder checked is anywhere (a temp folder), the types are here.
    `import type { KnownBlock } from ${JSON.stringify(path.join(__dirname, "node_modules", "@slack", "types"))};`,
    "type Message = {",
    "  text: string;",
    "  blocks: KnownBlock[];",
    '  response_type?: "ephemeral" | "in_channel";',
    "  replace_original?: boolean;",
    "  delete_original?: boolean;",
    "  channel?: string;",
    "  thread_ts?: string;",
    "  unfurl_links?: boolean;",
    "  unfurl_media?: boolean;",
    "  metadata?: { event_type: string; event_payload: Record<string, unknown> };",
    "};",
  ];
  const owner = [];
  blockKit.forEach((file, i) => {
    const json = fs.readFileSync(path.join(folder, file), "utf8");
    const body = `export const m${i}: Message = ${json.trim()};`.split("\n");
    const start = lines.length + 1;
    lines.push(...body);
    for (let l = start; l < start + body.length; l++) owner[l] = file;
  });
  const checkFile = path.join(folder, "blockkit-check.ts");
  fs.writeFileSync(checkFile, lines.join("\n") + "\n");
  const tsc = require.resolve("typescript/bin/tsc");
  const args = [tsc, "--noEmit", "--strict", "--target", "es2020", "--module", "commonjs", "--moduleResolution", "node",
    "--pretty", "false", checkFile];
  try {
    execFileSync(process.execPath, args, { cwd: __dirname, encoding: "utf8" });
  } catch (error) {
    const output = `${error.stdout || ""}${error.stderr || ""}`;
    for (const line of output.split("\n").filter((l) => l.trim().length > 0)) {
      const m = /\((\d+),\d+\): (.*)$/.exec(line);
      problems.push(m ? `${owner[Number(m[1])] || "blockkit-check.ts"}: ${m[2]}` : line);
    }
    if (problems.length === 0) problems.push(`tsc failed: ${error.message}`);
  }
}

for (const p of problems) console.log(p);
console.log(`checked ${adaptive.length} Adaptive Cards and ${blockKit.length} Block Kit messages: ${problems.length} problems`);
process.exit(problems.length > 0 ? 1 : 0);
