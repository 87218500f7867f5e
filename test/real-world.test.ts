/**
 * Real-world smoke test: the plugin compiles the source of async-heavy npm
 * packages (installed as devDependencies, not copied) without error, alone
 * and with preset-env down to ES5, and the result parses with no async
 * function left (async generators, not supported yet, are left alone with
 * `asyncGenerators: false`).
 */
import { transformSync } from "@babel/core";
import { parse } from "@babel/parser";
import traverse from "@babel/traverse";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import coloopPlugin from "../packages/babel-plugin/src/index";
import { ROOT } from "./support/engines";

const PACKAGES: Array<{ name: string; dirs: string[] }> = [
  { name: "undici", dirs: ["lib"] },
  { name: "pg", dirs: ["lib"] },
  { name: "ioredis", dirs: ["built"] },
];

function asyncSources(pkg: string, dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules") walk(file);
      } else if (entry.name.endsWith(".js") && /\basync\b/.test(fs.readFileSync(file, "utf8"))) out.push(file);
    }
  };
  for (const d of dirs) walk(path.join(ROOT, "node_modules", pkg, d));
  return out.sort();
}

function leftoverAsync(code: string): string[] {
  const ast = parse(code, { sourceType: "unambiguous", errorRecovery: false });
  const left: string[] = [];
  (traverse as any).default
    ? (traverse as any).default(ast, visitor(left))
    : (traverse as any)(ast, visitor(left));
  return left;
}

function visitor(left: string[]) {
  return {
    Function(p: any) {
      if (!p.node.async || p.node.generator) return;
      let forAwait = false;
      p.traverse({
        Function: (q: any) => q.skip(),
        ForOfStatement: (q: any) => {
          if (q.node.await) forAwait = true;
        },
      });
      if (!forAwait) left.push(`async function at line ${p.node.loc.start.line}`);
    },
  };
}

describe("real-world packages compile", () => {
  for (const pkg of PACKAGES) {
    it(`${pkg.name}: every file with async code compiles, alone and with preset-env, and parses`, () => {
      const files = asyncSources(pkg.name, pkg.dirs);
      expect(files.length).toBeGreaterThan(0);
      let functions = 0;
      for (const file of files) {
        const source = fs.readFileSync(file, "utf8");
        functions += (source.match(/\basync\b/g) || []).length;
        const alone = transformSync(source, {
          filename: file,
          babelrc: false,
          configFile: false,
          sourceType: "unambiguous",
          plugins: [[coloopPlugin, { asyncGenerators: false }]],
        })!.code!;
        expect(leftoverAsync(alone), path.relative(ROOT, file)).toEqual([]);
        const es5 = transformSync(source, {
          filename: file,
          babelrc: false,
          configFile: false,
          sourceType: "unambiguous",
          presets: [["@babel/preset-env", { targets: { ie: "11" } }]],
          plugins: [[coloopPlugin, { asyncGenerators: false }]],
        })!.code!;
        parse(es5, { sourceType: "unambiguous" });
      }
      // eslint-disable-next-line no-console
      console.log(`${pkg.name}: ${files.length} files, ${functions} uses of async compiled`);
    });
  }
});
