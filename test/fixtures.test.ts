/**
 * Transform fixtures: each input compiles to its recorded output.js, or
 * fails with the recorded error. Regenerate outputs after an intended
 * change of the generated code with:  UPDATE_FIXTURES=1 npx vitest run test/fixtures.test.ts
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "./support/compile";
import { ROOT } from "./support/engines";
import { listFixtures } from "./support/fixtures";

const update = !!process.env.UPDATE_FIXTURES;
const fixtures = listFixtures().filter((f) => f.inputFile !== null);

describe("transform fixtures", () => {
  for (const f of fixtures) {
    it(`${f.group}/${f.name}`, () => {
      const input = fs.readFileSync(f.inputFile!, "utf8");
      const filename = path.relative(ROOT, f.inputFile!);
      const run = () => compile(input, filename, f.options.plugin || {});
      if (f.options.throws) {
        expect(run).toThrow(f.options.throws);
        expect(fs.existsSync(f.outputFile), "an error fixture has no output.js").toBe(false);
        return;
      }
      const actual = run().trim() + "\n";
      if (update) fs.writeFileSync(f.outputFile, actual);
      expect(fs.existsSync(f.outputFile), `missing ${f.outputFile}: run UPDATE_FIXTURES=1 npx vitest run test/fixtures.test.ts`).toBe(true);
      expect(actual).toBe(fs.readFileSync(f.outputFile, "utf8"));
    });
  }
});
