/**
 * Compiling one async function, in three stages:
 * analysis (bindings.ts: what is hoisted, renamed, per-iteration),
 * lowering (statements.ts/expressions.ts: the listing of cases and jumps),
 * emission (cases.ts: the switch; here: the outer function and its meta).
 *
 *   async function f(a) { … }
 *   → function f(a) {
 *       var x, _t;                                      // hoisted
 *       var _body = (_co, _v) => { for (;;) try { switch (_co.s) { … } } catch … },
 *         _task = enterCoroutine(_body, f$meta),
 *         _r = _body(_task);                               // the first step runs here
 *       return leaveCoroutine(_task, _r);
 *     }
 */
import * as t from "@babel/types";
import type { NodePath } from "@babel/traverse";
import { E_ASYNC_GENERATOR, E_TS_DECLARATION, fail } from "./diagnostics";
import { analyzeBindings, type FunctionBindings } from "./lower/bindings";
import { FunctionBuilder } from "./lower/builder";
import { ExpressionLowerer } from "./lower/expressions";
import { boundNames, lowerParams } from "./lower/params";
import { ScriptRewriter } from "./lower/script";
import { PatternLowerer } from "./lower/patterns";
import { StatementLowerer } from "./lower/statements";
import { emitDispatch } from "./emit/cases";
import { wrapEnvClosures } from "./emit/closures";
import type { FileContext } from "./emit/file";
import { assignBody, bodyNaming, coroutineName, frameName, namedValue } from "./emit/names";

export interface PreparedFunction {
  fn: NodePath<t.Function>;
  bindings: FunctionBindings;
  uid: (name: string) => t.Identifier;
}

/**
 * Analysis, done for every async function of the file before any is
 * lowered (outermost first): renames and per-iteration rewrites then see
 * every reference, including those in nested async functions.
 */
export function prepareAsyncFunction(fn: NodePath<t.Function>, file: FileContext): PreparedFunction {
  if (fn.node.generator) fail(fn, E_ASYNC_GENERATOR, "async generator functions are not supported yet");
  if (fn.isArrowFunctionExpression()) fn.ensureBlock();
  const uid = (name: string) => fn.scope.generateUidIdentifier(name);
  return { fn, bindings: analyzeBindings(fn, uid, { renameByName: file.miscompile === "rename-by-name" }), uid };
}

export function compileAsyncFunction(prepared: PreparedFunction, file: FileContext): void {
  const { fn, bindings, uid } = prepared;
  const node = fn.node;
  const body = fn.get("body") as NodePath<t.BlockStatement>;
  // named before lowering: whether the function mentions its own name is read from its source
  const naming = bodyNaming(fn, frameName(fn), () => uid("body"));
  const b = new FunctionBuilder(uid("co"), uid("v"), uid("loop"), uid);
  const params = lowerParams(fn, uid);
  const exprs = new ExpressionLowerer(b, {
    site: (n) => file.site(n),
    miscompile: file.miscompile === "await-order",
    templateObject: (quasis) => file.templateObject(quasis),
    bindings,
    // the two call each other: the pattern lowerer, made next, is reached through this
    patterns: { assign: (path, value, declaring) => patterns.assign(path, value, declaring) },
  });
  const script = new ScriptRewriter(b, bindings);
  const helpers = { helper: (name: string) => file.helper(name) };
  const patterns = new PatternLowerer(b, exprs, bindings, helpers);
  const statements = new StatementLowerer(b, exprs, script, bindings, helpers, patterns);

  for (const [bodyName, paramName] of bindings.parameterCopies) {
    b.emit(t.expressionStatement(t.assignmentExpression("=", t.identifier(bodyName), t.identifier(paramName))));
  }
  const topFunctions = body.get("body").filter((s) => s.isFunctionDeclaration()).map((s) => s.node as t.FunctionDeclaration);
  const enums = body.get("body").filter((s) => s.isTSEnumDeclaration()) as Array<NodePath<t.TSEnumDeclaration>>;
  for (const e of enums) checkConstantEnum(e);
  statements.lowerBlockBody(body.node, body.get("body"), true);

  const dispatch = emitDispatch(b, file.helper("caught"), uid("e"));
  const envNames = bindings.envNames();
  const coroutineBody = dispatch.body.map((s) => wrapEnvClosures(s, envNames));
  const coroutine = t.arrowFunctionExpression([b.co, b.sent], t.blockStatement(coroutineBody));

  const name = coroutineName(fn);
  const metaProps: t.ObjectProperty[] = [t.objectProperty(t.identifier("n"), t.stringLiteral(name))];
  const fileName = file.locations ? file.fileNameRef() : null;
  if (fileName) metaProps.push(t.objectProperty(t.identifier("f"), fileName));
  if (dispatch.regions.length > 0) metaProps.push(t.objectProperty(t.identifier("r"), numbers(dispatch.regions)));
  if (dispatch.sites.length > 0) metaProps.push(t.objectProperty(t.identifier("a"), t.arrayExpression(dispatch.sites.map(literal))));
  const meta = file.addMeta(name, t.objectExpression(metaProps));

  const declared = unique([...bindings.hoisted, ...b.hoisted.map((i) => i.name), ...envNames]);
  const paramNames = new Set<string>(boundNames(params.binding));
  for (const p of params.params) for (const n of Object.keys(t.getBindingIdentifiers(p))) paramNames.add(n);
  const vars = declared.filter((n) => !paramNames.has(n));

  // the body runs inside this function (see the runtime's entry.ts): two frames a call
  // (the first step's result goes through a variable, not straight into the
  // leaveCoroutine call: MuJS would keep the call's operands on its small value
  // stack while the body runs)
  const bodyId = naming.id;
  const taskId = uid("task");
  const resultId = uid("r");
  // a TypeScript enum of constants is evaluated when the function is called, before its body
  const beforeBody: t.Statement[] = [...topFunctions, ...enums.map((e) => e.node)];
  const declare = (names: string[]) => t.variableDeclaration("var", names.map((n) => t.variableDeclarator(t.identifier(n))));
  const outer: t.Statement[] = [];
  const start = [
    t.variableDeclarator(taskId, t.callExpression(file.helper("enterCoroutine"), [t.cloneNode(bodyId), meta])),
    t.variableDeclarator(resultId, t.callExpression(t.cloneNode(bodyId), [t.cloneNode(taskId)])),
  ];
  if (params.binding) {
    // parameters bound natively around the body (params.ts); failing to bind them fails the task
    const error = uid("e");
    outer.push(declare([...vars, bodyId.name]));
    const bind = t.blockStatement([params.binding, ...beforeBody, ...assignBody(naming, coroutine)]);
    const fail = t.blockStatement([t.returnStatement(t.callExpression(file.helper("failedCall"), [t.cloneNode(error), t.cloneNode(meta)]))]);
    outer.push(t.tryStatement(bind, t.catchClause(error, fail)));
  } else if (naming.kind === "block") {
    outer.push(declare([...vars, bodyId.name]), ...beforeBody, t.blockStatement(assignBody(naming, coroutine)));
  } else {
    if (vars.length > 0) outer.push(declare(vars));
    outer.push(...beforeBody);
    start.unshift(t.variableDeclarator(bodyId, namedValue(naming, coroutine)));
  }
  outer.push(t.variableDeclaration("var", start));
  outer.push(t.returnStatement(t.callExpression(file.helper("leaveCoroutine"), [t.cloneNode(taskId), t.cloneNode(resultId)])));

  node.params = params.params as any;
  node.body = t.blockStatement(outer, body.node.directives);
  node.async = false;
  if ((node as any).returnType) (node as any).returnType = null;
}

/**
 * An enum at the top of the body moves before the body runs, which is only
 * the same program when its members are constants.
 */
function checkConstantEnum(e: NodePath<t.TSEnumDeclaration>): void {
  const names = new Set(e.node.members.map((m) => (t.isIdentifier(m.id) ? m.id.name : m.id.value)));
  const constant = (n: t.Node): boolean => {
    if (t.isStringLiteral(n) || t.isNumericLiteral(n)) return true;
    if (t.isUnaryExpression(n)) return constant(n.argument);
    if (t.isBinaryExpression(n)) return constant(n.left) && constant(n.right as t.Node);
    if (t.isIdentifier(n)) return names.has(n.name);
    if (t.isTemplateLiteral(n)) return n.expressions.length === 0;
    return false;
  };
  for (const m of e.node.members) {
    if (m.initializer && !constant(m.initializer)) {
      fail(e, E_TS_DECLARATION, "an enum with computed members inside an async function is not supported (declare it outside the function)");
    }
  }
}

function numbers(list: number[]): t.ArrayExpression {
  return t.arrayExpression(list.map(literal));
}

function literal(v: number | string): t.Expression {
  if (typeof v === "string") return t.stringLiteral(v);
  return v < 0 ? t.unaryExpression("-", t.numericLiteral(-v)) : t.numericLiteral(v);
}

function unique(names: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const n of names) if (!seen.has(n)) (seen.add(n), out.push(n));
  return out;
}
