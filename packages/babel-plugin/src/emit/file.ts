/**
 * Per-file state: how the runtime is reached (import, require or the
 * `coloop` global), the coroutine metas declared once per file, and the
 * await-site facts (file name, positions, source text).
 */
import * as t from "@babel/types";
import type { NodePath } from "@babel/traverse";
import { addNamed } from "@babel/helper-module-imports";
import * as protocol from "@coloop/runtime/protocol";
import type { Miscompile, ModuleType, PluginOptions } from "../options";
import type { AwaitSite } from "../lower/ir";

const SITE_TEXT_MAX = 60;

/** The runtime package: its helpers come from entries that load only what compiled code needs. */
const RUNTIME_PACKAGE = "@coloop/runtime";

/**
 * The module a runtime export is taken from. From the runtime package,
 * compiled code imports the small core entry (`@coloop/runtime/core`), and
 * LoopPromise (promise: "loop") from `@coloop/runtime/promise`, which adds
 * the statics; so a bundle of compiled code carries neither inspection nor
 * the synchronous runners, combinators or primitives unless the app imports
 * them. Any other `runtime` option names one module that has every helper.
 */
function runtimeModule(runtime: string, promise: boolean): string {
  if (runtime !== RUNTIME_PACKAGE) return runtime;
  return RUNTIME_PACKAGE + (promise ? "/promise" : "/core");
}

/** Whether a helper comes from the promise entry; every name must be one the protocol lists (in any module type). */
function isPromiseHelper(name: string): boolean {
  if (protocol.PROMISE_HELPERS.indexOf(name) >= 0) return true;
  if (protocol.CORE_HELPERS.indexOf(name) < 0) throw new Error("coloop internal error: " + name + " is no runtime helper (protocol.ts)");
  return false;
}

export class FileContext {
  private readonly imported = new Map<string, t.Identifier>();
  /** require mode: one `var _coloopRuntime = require(source)` per module the helpers come from */
  private readonly namespaces = new Map<string, t.Identifier>();
  private fileId: t.Identifier | null = null;
  private readonly metas: t.VariableDeclarator[] = [];
  readonly moduleType: ModuleType;
  /** prefix that keeps meta names apart between plain scripts sharing one global scope */
  private readonly metaPrefix: string;

  constructor(
    private readonly program: NodePath<t.Program>,
    private readonly options: PluginOptions,
    private readonly code: string,
    readonly fileName: string | null,
  ) {
    const isModule = program.node.sourceType === "module";
    this.moduleType = options.moduleType || (isModule ? "import" : "require");
    this.metaPrefix = isModule ? "" : "cl" + hash(fileName || code) + "_";
  }

  /** An expression for a runtime export: `_name` (import), `_runtime.name`, or `coloop.name`. */
  helper(name: string): t.Expression {
    const promise = isPromiseHelper(name);
    if (this.moduleType === "global") return t.memberExpression(t.identifier("coloop"), t.identifier(name));
    const source = runtimeModule(this.options.runtime, promise);
    if (this.moduleType === "require") {
      // declared first in the file by flush(), before any statement that uses it
      let namespace = this.namespaces.get(source);
      if (!namespace) {
        namespace = this.program.scope.generateUidIdentifier("coloopRuntime");
        this.namespaces.set(source, namespace);
      }
      return t.memberExpression(t.cloneNode(namespace), t.identifier(name));
    }
    let local = this.imported.get(name);
    if (!local) {
      // as @babel/plugin-transform-runtime does: an import other plugins
      // (module transforms, TypeScript's import elision) treat as used
      local = addNamed(this.program, name, source, { importedInterop: "uncompiled", nameHint: name });
      this.imported.set(name, local);
    }
    return t.cloneNode(local);
  }

  /** The file name of the await sites, declared once per file (the metas refer to it). */
  fileNameRef(): t.Identifier | null {
    if (!this.fileName) return null;
    if (!this.fileId) {
      this.fileId = this.program.scope.generateUidIdentifier(this.metaPrefix + "file");
      this.metas.unshift(t.variableDeclarator(this.fileId, t.stringLiteral(this.fileName)));
    }
    return t.cloneNode(this.fileId);
  }

  /** Declares a coroutine meta object once for the file; returns its name. */
  addMeta(fnName: string, value: t.ObjectExpression): t.Identifier {
    const base = this.metaPrefix + (t.isValidIdentifier(fnName) ? fnName : "fn") + "$meta";
    const id = this.program.scope.generateUidIdentifier(base);
    this.metas.push(t.variableDeclarator(id, value));
    return t.cloneNode(id);
  }

  /**
   * `_tpl || (_tpl = templateObject(cooked, raw))`: one strings object per
   * tagged-template site, declared with the metas.
   */
  templateObject(quasis: t.TemplateElement[]): t.Expression {
    const id = this.program.scope.generateUidIdentifier(this.metaPrefix + "templateObject");
    this.metas.push(t.variableDeclarator(id));
    const cooked = t.arrayExpression(quasis.map((q) => (q.value.cooked == null ? t.identifier("undefined") : t.stringLiteral(q.value.cooked))));
    const raw = t.arrayExpression(quasis.map((q) => t.stringLiteral(q.value.raw)));
    const make = t.callExpression(this.helper("templateObject"), [cooked, raw]);
    return t.logicalExpression("||", t.cloneNode(id), t.assignmentExpression("=", t.cloneNode(id), make));
  }

  /** Inserts the collected metas at the top of the program. */
  flush(): void {
    if (this.namespaces.size > 0) {
      const declarators: t.VariableDeclarator[] = [];
      for (const [source, id] of this.namespaces) {
        declarators.push(t.variableDeclarator(t.cloneNode(id), t.callExpression(t.identifier("require"), [t.stringLiteral(source)])));
      }
      this.program.unshiftContainer("body", t.variableDeclaration("var", declarators));
    }
    if (this.metas.length === 0) return;
    const decl = t.variableDeclaration("var", this.metas);
    const body = this.program.get("body");
    let lastImport: NodePath<t.Statement> | null = null;
    for (const s of body) if (s.isImportDeclaration()) lastImport = s;
    if (lastImport) lastImport.insertAfter(decl);
    else this.program.unshiftContainer("body", decl);
  }

  /** file:line:column and source text of an await, when locations are on */
  site(node: t.AwaitExpression): AwaitSite | null {
    if (!this.options.locations || !node.loc) return null;
    const arg = node.argument;
    let text = arg.start != null && arg.end != null ? this.code.slice(arg.start, arg.end) : "";
    text = text.replace(/\s+/g, " ").trim();
    if (text.length > SITE_TEXT_MAX) text = text.slice(0, SITE_TEXT_MAX - 1) + "…";
    return { line: node.loc.start.line, column: node.loc.start.column + 1, text };
  }

  get locations(): boolean {
    return this.options.locations;
  }

  get miscompile(): Miscompile | null {
    return this.options.__testMiscompile;
  }
}

/** A short stable hash (FNV-1a) for name prefixes. */
function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}
