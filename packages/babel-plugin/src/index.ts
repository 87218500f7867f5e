/**
 * @coloop/babel-plugin: every async function in the file becomes an
 * ordinary function returning a Task of @coloop/runtime, its body a state
 * machine (see compile.ts).
 *
 * All the work happens when the Program is entered, before any other
 * plugin's visitors run on the file's functions: preset-env's
 * async-to-generator and regenerator never see an async function.
 */
import type { NodePath, PluginObj, PluginPass } from "@babel/core";
import type * as t from "@babel/types";
import * as nodePath from "path";
import { compileAsyncFunction, prepareAsyncFunction } from "./compile";
import { FileContext } from "./emit/file";
import { AsyncIdentity } from "./emit/identity";
import { declarationsToVariables } from "./emit/declarations";
import { validateOptions, type ColoopPluginOptions, type PluginOptions as ResolvedOptions } from "./options";
import { rewritePromiseReferences } from "./promise";

export type { ColoopPluginOptions, ModuleType } from "./options";
/** @deprecated the former name of ColoopPluginOptions */
export type PluginOptions = ColoopPluginOptions;

interface BabelApi {
  assertVersion(range: number | string): void;
}

/**
 * The plugin: `plugins: [["@coloop/babel-plugin", options]]` in a Babel
 * config. The options (ColoopPluginOptions) are checked when the plugin is
 * created: a wrong one throws, naming it.
 */
export default function coloopPlugin(api: BabelApi, rawOptions?: ColoopPluginOptions | null): PluginObj<PluginPass> {
  api.assertVersion(7);
  const options: ResolvedOptions = validateOptions(rawOptions);
  return {
    name: "coloop",
    visitor: {
      Program(program: NodePath<t.Program>, state: PluginPass) {
        const file = new FileContext(program, options, state.file.code, relativeName(state));
        if (options.promise === "loop") rewritePromiseReferences(program, file);
        const identity = new AsyncIdentity(file);
        let functions = asyncFunctions(program, options);
        if (declarationsToVariables(program, functions)) functions = asyncFunctions(program, options);
        if (identity.prepare(functions)) functions = asyncFunctions(program, options);
        // analysis outermost first (renames see every reference), lowering innermost first
        const prepared = functions
          .slice()
          .reverse()
          .map((fn) => prepareAsyncFunction(fn, file));
        for (let i = prepared.length - 1; i >= 0; i--) {
          compileAsyncFunction(prepared[i], file);
          identity.present(prepared[i].fn);
        }
        file.flush();
      },
    },
  };
}

/** The async functions the plugin compiles, innermost first (in the order their traversal exits). */
function asyncFunctions(program: NodePath<t.Program>, options: ResolvedOptions): Array<NodePath<t.Function>> {
  const functions: Array<NodePath<t.Function>> = [];
  program.traverse({
    Function: {
      exit(fn) {
        if (!fn.node.async) return;
        // without asyncGenerators, async generators and functions using
        // `for await` are left to other plugins
        if (!options.asyncGenerators && (fn.node.generator || usesForAwait(fn))) return;
        functions.push(fn);
      },
    },
  });
  return functions;
}

function usesForAwait(fn: NodePath<t.Function>): boolean {
  let found = false;
  fn.traverse({
    Function(inner) {
      inner.skip();
    },
    ForOfStatement(loop) {
      if (loop.node.await) {
        found = true;
        loop.stop();
      }
    },
  });
  return found;
}

function relativeName(state: PluginPass): string | null {
  const filename = state.filename;
  if (!filename) return null;
  const cwd = state.cwd || process.cwd();
  const rel = nodePath.relative(cwd, filename);
  return (rel.startsWith("..") ? filename : rel).split(nodePath.sep).join("/");
}
