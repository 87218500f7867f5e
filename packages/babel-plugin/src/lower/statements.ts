/**
 * Lowering statements that contain await into labels and jumps. Statements
 * without await are handed to the ScriptRewriter and stay as written.
 * Each lowering opens with the shape it produces.
 */
import * as t from "@babel/types";
import type { NodePath } from "@babel/traverse";
import { containsAwait, isLoweredStatement } from "../analysis/await-facts";
import { E_FOR_AWAIT, E_TS_DECLARATION, E_UNSUPPORTED_NODE, E_USING, E_WITH, fail } from "../diagnostics";
import { assign, type FunctionBuilder, type LeapEntry } from "./builder";
import type { FunctionBindings } from "./bindings";
import type { Label, Region } from "./ir";
import type { ExpressionLowering, HelperRefs, PatternLowering } from "./lowering";
import { rightSideFirst, type ScriptRewriter } from "./script";

type StmtPath = NodePath<t.Statement>;

export class StatementLowerer {
  constructor(
    private readonly b: FunctionBuilder,
    private readonly exprs: ExpressionLowering,
    private readonly script: ScriptRewriter,
    private readonly bindings: FunctionBindings,
    private readonly helpers: HelperRefs,
    private readonly patterns: PatternLowering,
  ) {}

  /** The statements of a block (or function body), with block-entry hoisting. */
  lowerBlockBody(owner: t.Node, statements: StmtPath[], isFunctionBody: boolean): void {
    this.enterScope(owner);
    if (!isFunctionBody) {
      // block-level functions exist from the start of their block
      for (const s of statements) if (s.isFunctionDeclaration()) this.hoistFunction(s);
    }
    for (const s of statements) {
      if (s.isFunctionDeclaration()) continue;
      if (isFunctionBody && s.isTSEnumDeclaration()) continue; // moved to the outer function
      this.lowerStatement(s, []);
    }
  }

  /** Creates the block's environment object when its bindings are per-entry. */
  private enterScope(owner: t.Node): void {
    const info = this.bindings.envByOwner.get(owner);
    if (!info) return;
    const props = info.names.map((n) => t.objectProperty(t.identifier(n), t.identifier("undefined")));
    this.b.emit(assign(t.cloneNode(info.env), t.objectExpression(props)));
  }

  /** `f = function f() {…}` at the start of the block */
  private hoistFunction(path: NodePath<t.FunctionDeclaration>): void {
    const node = path.node;
    const name = node.id!.name;
    const sourceName = this.bindings.sourceName.get(name) || name;
    const fn = t.functionExpression(t.identifier(sourceName), node.params, node.body, node.generator, node.async);
    fn.loc = node.loc;
    this.b.emit(assign(this.bindings.target(t.identifier(name)), fn));
  }

  lowerStatement(path: StmtPath, labels: string[]): void {
    const node = path.node;
    if (!containsAwait(node)) {
      this.emitScript(path);
      return;
    }
    const m = this.b.tempMark();
    switch (node.type) {
      case "ExpressionStatement": {
        const e = this.exprs.explodeForEffect(path.get("expression") as NodePath<t.Expression>);
        if (e && !t.isIdentifier(e)) this.b.emit(withLoc(t.expressionStatement(e), node.loc));
        break;
      }
      case "VariableDeclaration":
        this.lowerDeclaration(path as NodePath<t.VariableDeclaration>);
        break;
      case "ReturnStatement": {
        const arg = (path as NodePath<t.ReturnStatement>).get("argument");
        const value = arg.node ? this.exprs.explode(arg as NodePath<t.Expression>) : null;
        this.b.emit(t.blockStatement(this.b.returnStatements(value, false, node.loc)), true);
        break;
      }
      case "ThrowStatement": {
        const value = this.exprs.explode((path as NodePath<t.ThrowStatement>).get("argument"));
        this.b.emit(withLoc(t.throwStatement(value), node.loc), true);
        break;
      }
      case "BlockStatement":
        this.lowerBlockBody(node, (path as NodePath<t.BlockStatement>).get("body"), false);
        break;
      case "IfStatement":
        this.lowerIf(path as NodePath<t.IfStatement>);
        break;
      case "WhileStatement":
        this.lowerWhile(path as NodePath<t.WhileStatement>, labels);
        break;
      case "DoWhileStatement":
        this.lowerDoWhile(path as NodePath<t.DoWhileStatement>, labels);
        break;
      case "ForStatement":
        this.lowerFor(path as NodePath<t.ForStatement>, labels);
        break;
      case "ForInStatement":
        this.lowerForIn(path as NodePath<t.ForInStatement>, labels);
        break;
      case "ForOfStatement":
        this.lowerForOf(path as NodePath<t.ForOfStatement>, labels);
        break;
      case "SwitchStatement":
        this.lowerSwitch(path as NodePath<t.SwitchStatement>, labels);
        break;
      case "LabeledStatement":
        this.lowerLabeled(path as NodePath<t.LabeledStatement>, labels);
        break;
      case "TryStatement":
        this.lowerTry(path as NodePath<t.TryStatement>);
        break;
      case "ClassDeclaration":
        this.lowerClassDeclaration(path as NodePath<t.ClassDeclaration>);
        break;
      case "WithStatement":
        fail(path, E_WITH, "`await` inside `with` is not supported in async functions");
        break;
      default:
        fail(path, E_UNSUPPORTED_NODE, `await inside ${node.type} is not supported yet`);
    }
    this.b.releaseTemps(m);
  }

  private emitScript(path: StmtPath): void {
    const node = path.node;
    if (t.isVariableDeclaration(node)) {
      if (node.kind === "using" || node.kind === "await using") fail(path, E_USING, "`using` declarations are not supported yet");
      this.b.emit(this.script.declarationToAssignments(node));
      return;
    }
    if (t.isClassDeclaration(node)) {
      this.lowerClassDeclaration(path as NodePath<t.ClassDeclaration>);
      return;
    }
    if (t.isFunctionDeclaration(node)) return; // hoisted at block entry
    if (t.isTSEnumDeclaration(node) || t.isTSModuleDeclaration(node)) {
      fail(path, E_TS_DECLARATION, "a TypeScript enum or namespace inside a nested block of an async function is not supported (declare it at the top of the function or outside)");
    }
    this.emitRewritten(this.script.rewrite(path));
  }

  /** Emits a rewritten native statement, then the trampolines its exits through native finally blocks need. */
  private emitRewritten(stmt: t.Statement): void {
    const terminal = endsAbruptly(stmt);
    this.b.emit(stmt, terminal);
    const trampolines = this.script.takeTrampolines();
    if (trampolines.length === 0) return;
    const after = this.b.newLabel();
    if (!terminal) this.b.jump(after);
    for (const tr of trampolines) {
      this.b.mark(tr.label);
      this.b.emit(t.blockStatement(tr.exit()), true);
    }
    this.b.mark(after);
  }

  /** let/const/var with an await in an initializer: assignments, in order */
  private lowerDeclaration(path: NodePath<t.VariableDeclaration>): void {
    const kind = path.node.kind;
    if (kind === "using" || kind === "await using") fail(path, E_USING, "`using` declarations are not supported yet");
    for (const d of path.get("declarations")) {
      const id = d.node.id as t.LVal;
      const init = d.get("init");
      if (init.node) {
        const value = this.exprs.explode(init as NodePath<t.Expression>);
        if (!t.isIdentifier(id) && containsAwait(id)) this.patterns.assign(d.get("id") as NodePath<t.Node>, value, true);
        else this.b.emit(withLoc(assign(this.bindings.patternTarget(id), rightSideFirst(id, value)), d.node.loc));
      } else if (kind !== "var" && t.isIdentifier(id)) {
        this.b.emit(assign(this.bindings.target(id), t.identifier("undefined")));
      }
    }
  }

  private lowerClassDeclaration(path: NodePath<t.ClassDeclaration>): void {
    const node = path.node;
    const name = node.id!.name;
    const expr = t.classExpression(t.identifier(this.bindings.sourceName.get(name) || name), node.superClass, node.body, node.decorators);
    (expr as any).superTypeParameters = (node as any).superTypeParameters;
    (expr as any).implements = (node as any).implements;
    expr.loc = node.loc;
    let value: t.Expression = expr;
    if (containsAwait(node)) {
      // evaluate `extends` and computed keys (with their awaits) in place
      path.replaceWith(t.expressionStatement(expr));
      value = this.exprs.explode((path as unknown as NodePath<t.ExpressionStatement>).get("expression"));
    }
    this.b.emit(assign(this.bindings.target(t.identifier(name)), value));
  }

  /**
   *   if (!test) goto else; consequent; goto end; else: alternate; end:
   * A branch without await stays a native if around it.
   */
  private lowerIf(path: NodePath<t.IfStatement>): void {
    const node = path.node;
    const test = this.exprs.explode(path.get("test"));
    if (!containsAwait(node.consequent) && !containsAwait(node.alternate)) {
      const consequent = this.script.rewrite(path.get("consequent"));
      const alternate = node.alternate ? this.script.rewrite(path.get("alternate") as StmtPath) : null;
      this.emitRewritten(t.ifStatement(test, consequent, alternate));
      return;
    }
    const elseLabel = this.b.newLabel();
    const end = this.b.newLabel();
    this.b.branchUnless(test, elseLabel);
    this.lowerStatement(path.get("consequent"), []);
    if (node.alternate) {
      this.b.jump(end);
      this.b.mark(elseLabel);
      this.lowerStatement(path.get("alternate") as StmtPath, []);
    } else this.b.mark(elseLabel);
    this.b.mark(end);
  }

  private loopEntry(labels: string[], breakLabel: Label, continueLabel: Label): LeapEntry {
    return { kind: "loop", labels, breakLabel, continueLabel };
  }

  /** cont: if (!test) goto brk; body; goto cont; brk: */
  private lowerWhile(path: NodePath<t.WhileStatement>, labels: string[]): void {
    const cont = this.b.newLabel();
    const brk = this.b.newLabel();
    this.b.mark(cont);
    this.condition(path.get("test"), brk);
    this.b.withLeap(this.loopEntry(labels, brk, cont), () => this.lowerStatement(path.get("body"), []));
    this.b.jump(cont);
    this.b.mark(brk);
  }

  /** top: body; cont: if (test) goto top; brk: */
  private lowerDoWhile(path: NodePath<t.DoWhileStatement>, labels: string[]): void {
    const top = this.b.newLabel();
    const cont = this.b.newLabel();
    const brk = this.b.newLabel();
    this.b.mark(top);
    this.b.withLeap(this.loopEntry(labels, brk, cont), () => this.lowerStatement(path.get("body"), []));
    this.b.mark(cont);
    const m = this.b.tempMark();
    this.b.branchIf(this.exprs.explode(path.get("test")), top);
    this.b.releaseTemps(m);
    this.b.mark(brk);
  }

  /** if (!test) goto target, with the test's temporaries released after */
  private condition(test: NodePath<t.Expression>, target: Label): void {
    const m = this.b.tempMark();
    this.b.branchUnless(this.exprs.explode(test), target);
    this.b.releaseTemps(m);
  }

  /**
   *   init; [copy env]; top: if (!test) goto brk; body;
   *   cont: [copy env]; update; goto top; brk:
   * Per-iteration bindings of the head are copied into a fresh environment
   * before each iteration, as CreatePerIterationEnvironment does.
   */
  private lowerFor(path: NodePath<t.ForStatement>, labels: string[]): void {
    const node = path.node;
    const env = this.bindings.envByOwner.get(node);
    if (env) this.b.emit(assign(t.cloneNode(env.env), t.objectExpression([])));
    const init = path.get("init");
    if (init.node) {
      if (init.isVariableDeclaration()) this.lowerStatement(init as unknown as StmtPath, []);
      else {
        const m = this.b.tempMark();
        const e = this.exprs.explodeForEffect(init as NodePath<t.Expression>);
        if (e) this.b.emit(t.expressionStatement(e));
        this.b.releaseTemps(m);
      }
    }
    const copyEnv = () => {
      if (!env) return;
      const props = env.names.map((n) =>
        t.objectProperty(t.identifier(n), t.memberExpression(t.cloneNode(env.env), t.identifier(n))),
      );
      this.b.emit(assign(t.cloneNode(env.env), t.objectExpression(props)));
    };
    copyEnv();
    const top = this.b.newLabel();
    const cont = this.b.newLabel();
    const brk = this.b.newLabel();
    this.b.mark(top);
    const test = path.get("test");
    if (test.node) this.condition(test as NodePath<t.Expression>, brk);
    this.b.withLeap(this.loopEntry(labels, brk, cont), () => this.lowerStatement(path.get("body"), []));
    this.b.mark(cont);
    copyEnv();
    const update = path.get("update");
    if (update.node) {
      const m = this.b.tempMark();
      const e = this.exprs.explodeForEffect(update as NodePath<t.Expression>);
      if (e) this.b.emit(t.expressionStatement(e));
      this.b.releaseTemps(m);
    }
    this.b.jump(top);
    this.b.mark(brk);
  }

  /** Assigns an iteration value to a for-in/for-of head (declaration or target). */
  private assignHead(left: NodePath<t.Node>, value: t.Expression, owner: t.Node): void {
    const node = left.node;
    if (t.isVariableDeclaration(node) && (node.kind === "using" || node.kind === "await using")) {
      fail(left, E_USING, "`using` declarations are not supported yet");
    }
    if (t.isVariableDeclaration(node)) {
      const env = this.bindings.envByOwner.get(owner);
      if (env) {
        const props = env.names.map((n) => t.objectProperty(t.identifier(n), t.identifier("undefined")));
        this.b.emit(assign(t.cloneNode(env.env), t.objectExpression(props)));
      }
      const id = node.declarations[0].id as t.LVal;
      if (!t.isIdentifier(id) && containsAwait(id)) {
        this.patterns.assign((left as NodePath<t.VariableDeclaration>).get("declarations")[0].get("id") as NodePath<t.Node>, value, true);
      } else this.b.emit(assign(this.bindings.patternTarget(id), value));
      return;
    }
    if (containsAwait(node)) this.patterns.assign(left, value, false);
    else this.b.emit(assign(node as t.LVal, value));
  }

  /**
   * A loop whose body awaits: `keys = forInKeys(obj)` snapshots the
   * enumerable keys; a key deleted before its turn is skipped.
   */
  private lowerForIn(path: NodePath<t.ForInStatement>, labels: string[]): void {
    const node = path.node;
    if (!isLoweredStatement(node)) {
      const obj = this.exprs.explode(path.get("right"));
      node.right = obj;
      this.emitRewritten(this.script.rewrite(path, labels));
      return;
    }
    const object = this.b.longTemp("obj");
    const keys = this.b.longTemp("keys");
    const index = this.b.longTemp("i");
    const m = this.b.tempMark();
    this.b.emit(assign(object, this.exprs.explode(path.get("right"))));
    this.b.releaseTemps(m);
    this.b.emit(assign(t.cloneNode(keys), t.callExpression(this.helpers.helper("forInKeys"), [t.cloneNode(object)])));
    this.b.emit(assign(t.cloneNode(index), t.numericLiteral(0)));
    const top = this.b.newLabel();
    const brk = this.b.newLabel();
    this.b.mark(top);
    this.b.branchUnless(
      t.binaryExpression("<", t.cloneNode(index), t.memberExpression(t.cloneNode(keys), t.identifier("length"))),
      brk,
    );
    const key = t.memberExpression(t.cloneNode(keys), t.updateExpression("++", t.cloneNode(index)), true);
    const keyTemp = this.b.longTemp("key");
    this.b.emit(assign(keyTemp, key));
    this.b.branchUnless(t.binaryExpression("in", t.cloneNode(keyTemp), t.cloneNode(object)), top);
    this.assignHead(path.get("left"), t.cloneNode(keyTemp), node);
    this.b.withLeap(this.loopEntry(labels, brk, top), () => this.lowerStatement(path.get("body"), []));
    this.b.jump(top);
    this.b.mark(brk);
  }

  /**
   * A for-of whose body awaits runs the iterator protocol by hand inside a
   * finally region that closes the iterator on an abrupt exit:
   *
   *   it = iteratorOf(x)
   *   try {
   *     top: done = true; step = it.next(); if (step.done) goto brk
   *          value = step.value; done = false; left = value; body; goto top
   *   } finally { if (!done) closeIterator(it, completion is a throw) }
   *   brk:
   */
  private lowerForOf(path: NodePath<t.ForOfStatement>, labels: string[]): void {
    const node = path.node;
    if (node.await) fail(path, E_FOR_AWAIT, "`for await` is not supported yet");
    if (!isLoweredStatement(node)) {
      node.right = this.exprs.explode(path.get("right"));
      this.emitRewritten(this.script.rewrite(path, labels));
      return;
    }
    const it = this.b.longTemp("it");
    const step = this.b.longTemp("step");
    const done = this.b.longTemp("done");
    const m = this.b.tempMark();
    const iterable = this.exprs.explode(path.get("right"));
    this.b.releaseTemps(m);
    this.b.emit(assign(it, t.callExpression(this.helpers.helper("iteratorOf"), [iterable])));
    this.b.emit(assign(t.cloneNode(done), t.booleanLiteral(true)));
    const brk = this.b.newLabel();
    // break target outside the finally (leaving closes the iterator) …
    const outer: LeapEntry = { kind: "block", labels: [], breakLabel: brk };
    this.b.withLeap(outer, () =>
      this.b.finallyRegion(
        () => {
          // … and a loop inside it, whose break leaves through the finally
          const top = this.b.newLabel();
          const innerBreak = this.b.newLabel();
          this.b.mark(top);
          this.b.emit(assign(t.cloneNode(done), t.booleanLiteral(true)));
          this.b.emit(assign(t.cloneNode(step), t.callExpression(this.helpers.helper("iteratorStep"), [t.cloneNode(it)])));
          this.b.branchIf(t.memberExpression(t.cloneNode(step), t.identifier("done")), innerBreak);
          const value = this.b.longTemp("value");
          this.b.emit(assign(value, t.memberExpression(t.cloneNode(step), t.identifier("value"))));
          this.b.emit(assign(t.cloneNode(done), t.booleanLiteral(false)));
          this.assignHead(path.get("left"), t.cloneNode(value), node);
          this.b.withLeap(this.loopEntry(labels, innerBreak, top), () => this.lowerStatement(path.get("body"), []));
          this.b.jump(top);
          this.b.mark(innerBreak);
          this.b.emit(t.blockStatement(this.b.jumpStatements(brk, outer, false)), true);
        },
        (slot) => this.b.closeIteratorUnlessDone(this.helpers.helper("closeIterator"), it, done, slot),
      ),
    );
    this.b.mark(brk);
  }

  /**
   *   d = discriminant; if (d === test1) goto c1; …; goto default or brk
   *   c1: …   c2: …   (fall-through kept)   brk:
   */
  private lowerSwitch(path: NodePath<t.SwitchStatement>, labels: string[]): void {
    const node = path.node;
    const cases = path.get("cases");
    if (!isLoweredStatement(node)) {
      node.discriminant = this.exprs.explode(path.get("discriminant"));
      this.emitRewritten(this.script.rewrite(path, labels));
      return;
    }
    const disc = this.b.longTemp("d");
    const m = this.b.tempMark();
    this.b.emit(assign(disc, this.exprs.explode(path.get("discriminant"))));
    this.b.releaseTemps(m);
    this.enterScope(node);
    for (const c of cases) for (const s of c.get("consequent")) if (s.isFunctionDeclaration()) this.hoistFunction(s);
    const caseLabels = node.cases.map(() => this.b.newLabel());
    const brk = this.b.newLabel();
    let defaultIndex = -1;
    cases.forEach((c, i) => {
      if (!c.node.test) {
        defaultIndex = i;
        return;
      }
      const mm = this.b.tempMark();
      const test = this.exprs.explode(c.get("test") as NodePath<t.Expression>);
      this.b.branchIf(t.binaryExpression("===", t.cloneNode(disc), test), caseLabels[i]);
      this.b.releaseTemps(mm);
    });
    this.b.jump(defaultIndex >= 0 ? caseLabels[defaultIndex] : brk);
    const entry: LeapEntry = { kind: "switch", labels, breakLabel: brk };
    this.b.withLeap(entry, () => {
      cases.forEach((c, i) => {
        this.b.mark(caseLabels[i]);
        for (const s of c.get("consequent")) if (!s.isFunctionDeclaration()) this.lowerStatement(s, []);
      });
    });
    this.b.mark(brk);
  }

  private lowerLabeled(path: NodePath<t.LabeledStatement>, labels: string[]): void {
    const all = labels.concat(path.node.label.name);
    const body = path.get("body");
    if (body.isLoop()) {
      this.lowerStatement(body, all);
      return;
    }
    if (body.isLabeledStatement()) {
      this.lowerLabeled(body, all);
      return;
    }
    const brk = this.b.newLabel();
    this.b.withLeap({ kind: "block", labels: all, breakLabel: brk }, () => this.lowerStatement(body, []));
    this.b.mark(brk);
  }

  /**
   *   tryStart: block; [fk = 0; goto fin | goto end]
   *   catch:    e = v; handler; [fk = 0; goto fin]
   *   landing:  fk = co.k; fv = v;
   *   fin:      finalizer; dispatch on fk (return / throw / jump)
   *   end:
   */
  private lowerTry(path: NodePath<t.TryStatement>): void {
    const node = path.node;
    const handler = path.get("handler");
    const hasCatch = !!node.handler;
    // try/catch/finally is a finally region around a try/catch region
    if (!node.finalizer) {
      this.lowerTryCatch(path.get("block"), handler as NodePath<t.CatchClause>);
      return;
    }
    this.b.finallyRegion(
      () => {
        if (hasCatch) this.lowerTryCatch(path.get("block"), handler as NodePath<t.CatchClause>);
        else this.lowerStatement(path.get("block"), []);
      },
      () => this.lowerStatement(path.get("finalizer") as NodePath<t.BlockStatement>, []),
    );
  }

  /** tryStart: block; goto end; catch: e = v; handler; end: */
  private lowerTryCatch(block: NodePath<t.BlockStatement>, handler: NodePath<t.CatchClause>): void {
    const region: Region = { tryStart: this.b.newLabel(), catchStart: this.b.newLabel(), finallyStart: null, end: this.b.newLabel() };
    this.b.mark(region.tryStart);
    this.b.withLeap({ kind: "catch" }, () => this.lowerStatement(block, []));
    this.b.jump(region.end);
    this.b.mark(region.catchStart!);
    this.enterScope(handler.node);
    const param = handler.node.param;
    if (param) {
      if (!t.isIdentifier(param) && containsAwait(param)) {
        this.patterns.assign(handler.get("param") as NodePath<t.Node>, t.cloneNode(this.b.sent), true);
      } else this.b.emit(assign(this.bindings.patternTarget(param as t.LVal), t.cloneNode(this.b.sent)));
    }
    this.lowerStatement(handler.get("body"), []);
    this.b.mark(region.end);
    this.b.regions.push(region);
  }

}

/** Control never falls out of the end of this statement (what follows it is dead). */
function endsAbruptly(node: t.Statement): boolean {
  if (t.isReturnStatement(node) || t.isThrowStatement(node) || t.isBreakStatement(node) || t.isContinueStatement(node)) return true;
  if (t.isBlockStatement(node)) return node.body.length > 0 && endsAbruptly(node.body[node.body.length - 1]);
  if (t.isIfStatement(node)) return !!node.alternate && endsAbruptly(node.consequent) && endsAbruptly(node.alternate);
  return false;
}

function withLoc<T extends t.Node>(node: T, loc: t.SourceLocation | null | undefined): T {
  if (loc) node.loc = loc;
  return node;
}
