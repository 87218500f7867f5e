/**
 * Input the plugin refuses gets a Babel error whose code frame points at the
 * offending node: the marked line (`> N |`) is the line of the construct, and
 * the caret under it starts at the construct's column. The inputs are the
 * error fixtures themselves (fixtures/errors/<case>/input.js).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "./support/compile";
import { ROOT } from "./support/engines";

interface Case {
  fixture: string;
  code: string;
  /** the source text the error must point at (its first occurrence in the input) */
  at: string;
}

const cases: Case[] = [
  { fixture: "async-generator-class-method", code: "COLOOP_E_ASYNC_GENERATOR", at: "async *items()" },
  { fixture: "for-await-nested-in-loops", code: "COLOOP_E_FOR_AWAIT", at: "for await (const x of s)" },
  { fixture: "with-around-renamed-block-binding", code: "COLOOP_E_WITH", at: "with (model)" },
  { fixture: "await-using-declaration", code: "COLOOP_E_USING", at: "await using conn" },
];

const stripAnsi = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, "");

function location(source: string, text: string): { line: number; column: number } {
  const index = source.indexOf(text);
  if (index < 0) throw new Error(`fixture does not contain ${JSON.stringify(text)}`);
  const before = source.slice(0, index).split("\n");
  return { line: before.length, column: before[before.length - 1].length };
}

function transformError(source: string, filename: string): Error {
  try {
    compile(source, filename, {}, { highlightCode: false });
  } catch (e) {
    return e as Error;
  }
  throw new Error(`${filename}: the plugin compiled input it must refuse`);
}

describe("plugin errors carry a code frame at the offending node", () => {
  for (const c of cases) {
    it(`errors/${c.fixture}`, () => {
      const file = path.join(ROOT, "fixtures/errors", c.fixture, "input.js");
      const source = fs.readFileSync(file, "utf8");
      const filename = path.relative(ROOT, file);
      const { line, column } = location(source, c.at);

      const message = stripAnsi(transformError(source, filename).message);
      expect(message).toContain(`[${c.code}]`);
      expect(message).toContain(filename);

      const frame = message.split("\n");
      const marked = frame.filter((l) => /^>\s*\d+ \|/.test(l));
      expect(marked, `exactly one marked line in:\n${message}`).toHaveLength(1);
      // the gutter pads line numbers to the widest one shown
      expect(marked[0]).toMatch(new RegExp(`^> +${line} \\| `));
      expect(marked[0].endsWith(`| ${source.split("\n")[line - 1]}`)).toBe(true);

      // the caret line follows the marked line; its first ^ sits under the construct
      const caretLine = frame[frame.indexOf(marked[0]) + 1];
      expect(caretLine).toMatch(/^\s+\|\s*\^/);
      const gutter = caretLine.indexOf("|") + 2;
      expect(caretLine.indexOf("^") - gutter).toBe(column);
    });
  }
});
