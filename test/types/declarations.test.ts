/**
 * The built declarations as a consumer sees them: the files of consumer/
 * import `@coloop/runtime` and `@coloop/babel-plugin` by name, resolved
 * through each package's package.json (exports, types) to dist, and must
 * typecheck with library checks on (skipLibCheck false) under node16,
 * nodenext, bundler and node10 resolution (the entries core, promise and
 * protocol too: "exports", or "typesVersions" for node10), and with only
 * ES5's lib. Their
 * `// @ts-expect-error` lines check what must not compile (internals,
 * test-only options). The compiler runs in-process, one program per
 * tsconfig, sharing parsed files.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";

const root = resolve(__dirname, "../..");
const consumer = resolve(__dirname, "consumer");

beforeAll(() => {
  for (const pkg of ["runtime", "babel-plugin"]) {
    const types = resolve(root, "packages", pkg, pkg === "runtime" ? "dist/types/index.d.ts" : "dist/index.d.ts");
    if (!existsSync(types)) execFileSync("npm", ["run", "build", "-w", "@coloop/" + pkg], { cwd: root, stdio: "ignore" });
  }
}, 180_000);

const cache = new Map<string, ts.SourceFile | undefined>();

function diagnostics(configName: string): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(resolve(consumer, configName), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    },
  })!;
  const host = ts.createCompilerHost(parsed.options);
  const getSourceFile = host.getSourceFile;
  host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreate) => {
    const key = fileName + " " + JSON.stringify(languageVersionOrOptions);
    if (!cache.has(key)) cache.set(key, getSourceFile.call(host, fileName, languageVersionOrOptions, onError, shouldCreate));
    return cache.get(key);
  };
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, host, configFileParsingDiagnostics: parsed.errors });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? d.file.fileName.replace(root + "/", "") + ":" + (d.file.getLineAndCharacterOfPosition(d.start!).line + 1) + ": " : "";
    return where + ts.flattenDiagnosticMessageText(d.messageText, "\n");
  });
}

describe("the built declarations, as a consumer sees them", () => {
  for (const config of ["tsconfig.node16.json", "tsconfig.nodenext.json", "tsconfig.bundler.json", "tsconfig.node10.json", "tsconfig.es5.json"]) {
    it(config + " typechecks", () => {
      expect(diagnostics(config)).toEqual([]);
    }, 60_000);
  }

  it("the runtime's declarations resolve from dist, not from the sources", () => {
    const parsed = ts.getParsedCommandLineOfConfigFile(resolve(consumer, "tsconfig.node16.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
    for (const [name, containing] of [
      ["@coloop/runtime", "checks.ts"],
      ["@coloop/runtime", "esm.mts"],
      ["@coloop/babel-plugin", "plugin.ts"],
    ]) {
      const r = ts.resolveModuleName(name, resolve(consumer, containing), parsed.options, ts.sys);
      expect(r.resolvedModule, name + " from " + containing).toBeDefined();
      expect(r.resolvedModule!.resolvedFileName).toMatch(/\/packages\/(runtime\/dist\/types\/index|babel-plugin\/dist\/index)\.d\.ts$/);
    }
  });
});
