/**
 * FunctionBuilder: all the state of lowering one async function — the
 * listing (ops and marks), labels, the leap stack that break/continue/return
 * resolve against, try regions, await sites and hoisted temporaries. One
 * instance per function; nothing module-level.
 */
import * as t from "@babel/types";
import * as protocol from "@coloop/runtime/protocol";
import type { AwaitSite, Label, LabelRef, Op, Region } from "./ir";

/** Targets of break/continue, and the finally blocks a jump must run first. */
export type LeapEntry =
  | { kind: "loop"; labels: string[]; breakLabel: Label; continueLabel: Label }
  | { kind: "switch"; labels: string[]; breakLabel: Label }
  | { kind: "block"; labels: string[]; breakLabel: Label }
  /** inside the try or catch block of a try statement with a finally */
  | { kind: "finally"; slot: CompletionSlot; body: Label; jumpTargets: JumpTarget[] }
  /** inside the try block of a try statement with a catch */
  | { kind: "catch" };

/** A jump that left through a finally block: where to continue once it ran. */
export interface JumpTarget {
  label: Label;
  /** the loop, switch or labelled block the target belongs to */
  owner: LeapEntry;
}

/** The completion record a pending finally keeps: two hoisted variables. */
export interface CompletionSlot {
  kind: t.Identifier;
  value: t.Identifier;
}

export class FunctionBuilder {
  readonly ops: Op[] = [];
  readonly refs: LabelRef[] = [];
  readonly regions: Region[] = [];
  readonly sites: Array<{ label: Label; site: AwaitSite }> = [];
  /** names to declare with `var` in the outer function */
  readonly hoisted: t.Identifier[] = [];
  readonly leaps: LeapEntry[] = [];
  /** nesting depth of finally bodies being lowered: picks the completion slot */
  finallyDepth = 0;
  /** whether a jump had to continue the dispatch loop from inside a native loop */
  usesLoopLabel = false;

  private labelCount = 0;
  private readonly slots: CompletionSlot[] = [];
  private readonly freeTemps: t.Identifier[] = [];
  private readonly usedTemps: t.Identifier[] = [];

  constructor(
    /** the frame parameter of the body: `co` */
    readonly co: t.Identifier,
    /** the sent-value parameter of the body: `v` */
    readonly sent: t.Identifier,
    /** label of the dispatch loop, for jumps from inside native loops */
    readonly loopLabel: t.Identifier,
    private readonly uid: (name: string) => t.Identifier,
  ) {}

  // ---- labels and the listing -------------------------------------------------

  newLabel(): Label {
    return this.labelCount++ as Label;
  }

  mark(label: Label): void {
    this.ops.push({ kind: "mark", label });
  }

  emit(node: t.Statement, terminal = false): void {
    this.ops.push({ kind: "stmt", node, terminal });
  }

  /** a numeric literal that will hold `label`'s case number */
  ref(label: Label): t.NumericLiteral {
    const node = t.numericLiteral(0); // the case number is written at emit
    this.refs.push({ node, label });
    return node;
  }

  /** `co.s` */
  state(): t.MemberExpression {
    return t.memberExpression(t.cloneNode(this.co), t.identifier("s"));
  }

  /** `co.s = L; continue` (labelled when nested inside a native loop or switch) */
  gotoStatements(label: Label, nested: boolean): t.Statement[] {
    if (nested) this.usesLoopLabel = true;
    return [
      t.expressionStatement(t.assignmentExpression("=", this.state(), this.ref(label))),
      t.continueStatement(nested ? t.cloneNode(this.loopLabel) : null),
    ];
  }

  jump(label: Label): void {
    this.emit(t.blockStatement(this.gotoStatements(label, false)), true);
  }

  /** if (test) goto label */
  branchIf(test: t.Expression, label: Label): void {
    this.emit(t.ifStatement(test, t.blockStatement(this.gotoStatements(label, false))));
  }

  /** if (!test) goto label */
  branchUnless(test: t.Expression, label: Label): void {
    this.branchIf(negate(test), label);
  }

  /** suspend on `value`; the sent value is read at the returned label */
  awaitValue(value: t.Expression, site: AwaitSite | null, loc: t.SourceLocation | null | undefined): void {
    const resume = this.newLabel();
    const stmts: t.Statement[] = [
      t.expressionStatement(t.assignmentExpression("=", this.state(), this.ref(resume))),
      withLoc(t.returnStatement(value), loc),
    ];
    this.emit(t.blockStatement(stmts), true);
    this.mark(resume);
    if (site) this.sites.push({ label: resume, site });
  }

  // ---- completions: return, break and continue through finally blocks ------------

  /**
   * The statements that return `value` from here: straight out, or by way of
   * the innermost pending finally (which continues the return after it ran).
   */
  returnStatements(value: t.Expression | null, nested: boolean, loc?: t.SourceLocation | null): t.Statement[] {
    const result = value || t.identifier("undefined");
    for (let i = this.leaps.length - 1; i >= 0; i--) {
      const e = this.leaps[i];
      if (e.kind === "finally") return this.enterFinally(e, protocol.COMPLETION_RETURN, result, nested);
    }
    const done = t.expressionStatement(t.assignmentExpression("=", this.state(), numberNode(protocol.DONE)));
    if (this.inCatchRegion() && !isSimple(result)) {
      // evaluate before leaving the protected range: a throw must still be caught
      const tmp = this.temp();
      return [t.expressionStatement(t.assignmentExpression("=", tmp, result)), done, withLoc(t.returnStatement(t.cloneNode(tmp)), loc)];
    }
    return [done, withLoc(t.returnStatement(value), loc)];
  }

  /** The statements that transfer control to `target`, running pending finally blocks first. */
  jumpStatements(target: Label, owner: LeapEntry, nested: boolean): t.Statement[] {
    for (let i = this.leaps.length - 1; i >= 0; i--) {
      const e = this.leaps[i];
      if (e === owner) break;
      if (e.kind === "finally") {
        if (!e.jumpTargets.some((j) => j.label === target)) e.jumpTargets.push({ label: target, owner });
        return this.enterFinally(e, protocol.COMPLETION_JUMP, this.ref(target), nested);
      }
    }
    return this.gotoStatements(target, nested);
  }

  private enterFinally(e: LeapEntry & { kind: "finally" }, kind: number, value: t.Expression, nested: boolean): t.Statement[] {
    return [
      t.expressionStatement(t.assignmentExpression("=", t.cloneNode(e.slot.kind), t.numericLiteral(kind))),
      t.expressionStatement(t.assignmentExpression("=", t.cloneNode(e.slot.value), value)),
      ...this.gotoStatements(e.body, nested),
    ];
  }

  private inCatchRegion(): boolean {
    for (let i = this.leaps.length - 1; i >= 0; i--) if (this.leaps[i].kind === "catch") return true;
    return false;
  }

  /** The entry a `break` (label null: innermost loop or switch) leaves. */
  findBreak(label: string | null): (LeapEntry & { breakLabel: Label }) | null {
    for (let i = this.leaps.length - 1; i >= 0; i--) {
      const e = this.leaps[i];
      if (e.kind === "finally" || e.kind === "catch") continue;
      if (label === null ? e.kind !== "block" : e.labels.indexOf(label) >= 0) return e;
    }
    return null;
  }

  /** The loop a `continue` (label null: innermost loop) continues. */
  findContinue(label: string | null): (LeapEntry & { kind: "loop" }) | null {
    for (let i = this.leaps.length - 1; i >= 0; i--) {
      const e = this.leaps[i];
      if (e.kind !== "loop") continue;
      if (label === null || e.labels.indexOf(label) >= 0) return e;
    }
    return null;
  }

  withLeap<T>(entry: LeapEntry, fn: () => T): T {
    this.leaps.push(entry);
    try {
      return fn();
    } finally {
      const popped = this.leaps.pop();
      if (popped !== entry) throw new Error("coloop internal error: leap stack out of order");
    }
  }

  /** the completion slot for a try statement lowered at the current finally depth */
  completionSlot(): CompletionSlot {
    while (this.slots.length <= this.finallyDepth) {
      const kind = this.uid("fk");
      const value = this.uid("fv");
      this.hoisted.push(kind, value);
      this.slots.push({ kind, value });
    }
    return this.slots[this.finallyDepth];
  }

  /**
   * A finally region around `lowerProtected`:
   *
   *   tryStart: protected; fk = 0; goto fin
   *   landing:  fk = co.k; fv = v;          (the runtime enters here on a throw)
   *   fin:      finally; dispatch on fk: return further out / rethrow / jump
   *   end:
   *
   * Abrupt exits out of the protected part record their completion in the
   * slot and enter at `fin` (see returnStatements/jumpStatements).
   */
  finallyRegion(lowerProtected: () => void, lowerFinally: (slot: CompletionSlot) => void): void {
    const slot = this.completionSlot();
    const region: Region = { tryStart: this.newLabel(), catchStart: null, finallyStart: this.newLabel(), end: this.newLabel() };
    const body = this.newLabel();
    const entry: LeapEntry & { kind: "finally" } = { kind: "finally", slot, body, jumpTargets: [] };
    const set = (target: t.LVal, value: t.Expression) => this.emit(t.expressionStatement(t.assignmentExpression("=", target, value)));
    this.mark(region.tryStart);
    this.withLeap(entry, lowerProtected);
    set(t.cloneNode(slot.kind), t.numericLiteral(protocol.COMPLETION_NORMAL));
    this.jump(body);
    this.mark(region.finallyStart!);
    set(t.cloneNode(slot.kind), t.memberExpression(t.cloneNode(this.co), t.identifier("k")));
    set(t.cloneNode(slot.value), t.cloneNode(this.sent));
    this.mark(body);
    this.finallyDepth++;
    lowerFinally(slot);
    this.finallyDepth--;
    const is = (kind: number) => t.binaryExpression("===", t.cloneNode(slot.kind), t.numericLiteral(kind));
    this.emit(t.ifStatement(is(protocol.COMPLETION_RETURN), t.blockStatement(this.returnStatements(t.cloneNode(slot.value), false))));
    this.emit(t.ifStatement(is(protocol.COMPLETION_THROW), t.throwStatement(t.cloneNode(slot.value))));
    for (const target of entry.jumpTargets) {
      const test = t.logicalExpression("&&", is(protocol.COMPLETION_JUMP), t.binaryExpression("===", t.cloneNode(slot.value), this.ref(target.label)));
      this.emit(t.ifStatement(test, t.blockStatement(this.jumpStatements(target.label, target.owner, false))));
    }
    this.mark(region.end);
    this.regions.push(region);
  }

  /** In a finally: `if (!done) closeIterator(it, completion is a throw)` (IteratorClose). */
  closeIteratorUnlessDone(closeIterator: t.Expression, it: t.Identifier, done: t.Identifier, slot: CompletionSlot): void {
    const isThrow = t.binaryExpression("===", t.cloneNode(slot.kind), t.numericLiteral(protocol.COMPLETION_THROW));
    this.emit(
      t.ifStatement(
        t.unaryExpression("!", t.cloneNode(done)),
        t.expressionStatement(t.callExpression(closeIterator, [t.cloneNode(it), isThrow])),
      ),
    );
  }

  // ---- temporaries ---------------------------------------------------------------

  /** A hoisted temporary, free again after releaseTemps(mark). */
  temp(): t.Identifier {
    let id = this.freeTemps.pop();
    if (!id) {
      id = this.uid("t");
      this.hoisted.push(id);
    }
    this.usedTemps.push(id);
    return t.cloneNode(id);
  }

  /** A temporary that is never reused (it lives across a whole statement, e.g. a loop). */
  longTemp(name: string): t.Identifier {
    const id = this.uid(name);
    this.hoisted.push(id);
    return t.cloneNode(id);
  }

  tempMark(): number {
    return this.usedTemps.length;
  }

  releaseTemps(mark: number): void {
    while (this.usedTemps.length > mark) this.freeTemps.push(this.usedTemps.pop()!);
  }
}

export function negate(test: t.Expression): t.Expression {
  if (t.isUnaryExpression(test, { operator: "!" })) return test.argument;
  return t.unaryExpression("!", test);
}

/** Expressions that are safe to evaluate late and cheap to copy. */
export function isSimple(node: t.Node): boolean {
  return t.isLiteral(node) && !t.isTemplateLiteral(node) || (t.isIdentifier(node) && node.name === "undefined");
}

/** `target = value;` */
export function assign(target: t.LVal, value: t.Expression): t.ExpressionStatement {
  return t.expressionStatement(t.assignmentExpression("=", target, value));
}

export function withLoc<T extends t.Node>(node: T, loc: t.SourceLocation | null | undefined): T {
  if (loc) node.loc = loc;
  return node;
}

/** A number literal; negative numbers are a unary minus, as a parser would produce. */
export function numberNode(n: number): t.Expression {
  return n < 0 ? t.unaryExpression("-", t.numericLiteral(-n)) : t.numericLiteral(n);
}
