/**
 * The fixture tree: fixtures/<group>/<case>/ with input.js (or input.ts, input.tsx),
 * output.js, optional options.json and exec.js (or exec.ts). Options cascade from
 * fixtures/<group>/options.json to the case. Options keys:
 *   plugin   options for the plugin when producing output.js
 *   throws   the error the transform must raise (no output.js then)
 *   exec     { engines?: EngineName[] } where exec.js must run (default:
 *            node-nopromise, duk, mujs; "node" = compiled with the native
 *            Promise kept and promise: "native", for interop cases)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT, type EngineName } from "./engines";

export const FIXTURES = path.join(ROOT, "fixtures");

export interface FixtureOptions {
  plugin?: Record<string, unknown>;
  throws?: string;
  exec?: { engines?: EngineName[] };
}

export interface Fixture {
  group: string;
  name: string;
  dir: string;
  inputFile: string | null;
  outputFile: string;
  execFile: string | null;
  options: FixtureOptions;
}

function readOptions(file: string): FixtureOptions {
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
}

function merge(a: FixtureOptions, b: FixtureOptions): FixtureOptions {
  return { ...a, ...b, plugin: { ...(a.plugin || {}), ...(b.plugin || {}) }, exec: { ...(a.exec || {}), ...(b.exec || {}) } };
}

export function listFixtures(): Fixture[] {
  const out: Fixture[] = [];
  if (!fs.existsSync(FIXTURES)) return out;
  for (const group of fs.readdirSync(FIXTURES).sort()) {
    const groupDir = path.join(FIXTURES, group);
    if (!fs.statSync(groupDir).isDirectory() || group.startsWith(".")) continue;
    const groupOptions = readOptions(path.join(groupDir, "options.json"));
    for (const name of fs.readdirSync(groupDir).sort()) {
      const dir = path.join(groupDir, name);
      if (!fs.statSync(dir).isDirectory() || name.startsWith(".")) continue;
      const input = ["input.js", "input.ts", "input.tsx"].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f)) || null;
      const exec = ["exec.js", "exec.ts"].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f)) || path.join(dir, "exec.js");
      out.push({
        group,
        name,
        dir,
        inputFile: input,
        outputFile: path.join(dir, "output.js"),
        execFile: fs.existsSync(exec) ? exec : null,
        options: merge(groupOptions, readOptions(path.join(dir, "options.json"))),
      });
    }
  }
  return out;
}

/** the file name compiled code records for a fixture (stable across machines) */
export function fixtureFileName(f: Fixture, file: string): string {
  return path.relative(ROOT, file).split(path.sep).join("/");
}
