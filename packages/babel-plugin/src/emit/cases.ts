/**
 * From the listing to the state machine:
 *
 *   for (;;) switch (co.s) { case 0: …  case 1: … }
 *
 * A label that is referenced (by a jump, a region or an await site) starts a
 * case; labels marked at the same place share it. Statements after a
 * terminal one are dead until the next case and are dropped. A case that
 * falls into a region boundary first stores the new resume point, so `co.s`
 * always says which region code runs in (the runtime lands throws with it).
 */
import * as t from "@babel/types";
import * as protocol from "@coloop/runtime/protocol";
import { numberNode, type FunctionBuilder } from "../lower/builder";
import type { Label } from "../lower/ir";

export interface Dispatch {
  /** the body of the coroutine function */
  body: t.Statement[];
  /** region table, innermost first (see protocol.REGION_SIZE) */
  regions: number[];
  /** await sites: [resumePoint, line, column, text, …] */
  sites: Array<number | string>;
}

interface Case {
  num: number;
  stmts: t.Statement[];
  /** control cannot fall out of the end */
  terminal: boolean;
}

/**
 * `caught(co, e)` is the runtime's landing for errors the body catches
 * itself; `error` names the catch parameter.
 */
export function emitDispatch(b: FunctionBuilder, caught: t.Expression, error: t.Identifier): Dispatch {
  const referenced = new Set<Label>();
  for (const r of b.refs) referenced.add(r.label);
  for (const r of b.regions) {
    referenced.add(r.tryStart);
    referenced.add(r.end);
    if (r.catchStart !== null) referenced.add(r.catchStart);
    if (r.finallyStart !== null) referenced.add(r.finallyStart);
  }
  for (const s of b.sites) referenced.add(s.label);

  // A try region must start a case of its own: a label placed just before it
  // (the resume point of an await, say) is outside the region, and sharing
  // its case would put that label inside.
  const regionStarts = new Set<Label>(b.regions.map((r) => r.tryStart));
  const caseOf = new Map<Label, number>();
  const cases: Case[] = [{ num: 0, stmts: [], terminal: false }];
  let current = cases[0];
  let dead = false;
  /** a label that is not a region start is bound to the current case */
  let hasOuterLabel = false;
  for (const op of b.ops) {
    if (op.kind === "mark") {
      if (!referenced.has(op.label)) continue;
      const isStart = regionStarts.has(op.label);
      if (current.stmts.length > 0 || dead || (isStart && hasOuterLabel)) {
        current = { num: cases.length, stmts: [], terminal: false };
        cases.push(current);
        dead = false;
        hasOuterLabel = false;
      }
      if (!isStart) hasOuterLabel = true;
      caseOf.set(op.label, current.num);
      continue;
    }
    if (dead) continue;
    pushFlat(current.stmts, op.node);
    if (op.terminal) {
      current.terminal = true;
      dead = true;
    }
  }

  for (const r of b.refs) {
    const num = caseOf.get(r.label);
    if (num === undefined) throw new Error("coloop internal error: a jump targets a label that was never placed");
    r.node.value = num;
  }

  const boundaries = new Set<number>();
  const regions: number[] = [];
  const num = (l: Label | null) => (l === null ? -1 : caseOf.get(l)!);
  for (const r of b.regions) {
    const quad = [num(r.tryStart), num(r.catchStart), num(r.finallyStart), num(r.end)];
    for (const q of quad) if (q >= 0) boundaries.add(q);
    regions.push(...quad);
  }
  const sites: Array<number | string> = [];
  for (const s of b.sites) sites.push(num(s.label), s.site.line, s.site.column, s.site.text);

  // falling into a region boundary: say where we are now
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i];
    if (c.terminal) continue;
    if (i + 1 < cases.length) {
      if (boundaries.has(i + 1)) c.stmts.push(setState(b, i + 1));
    } else {
      // the end of the function: finish with undefined
      c.stmts.push(setState(b, protocol.DONE), t.returnStatement(null));
      c.terminal = true;
    }
  }

  // the body catches what it throws: landed in a region, or returned as the failure
  const land = t.callExpression(caught, [t.cloneNode(b.co), t.cloneNode(error)]);
  if (cases.length === 1 && b.refs.length === 0) {
    // one straight-line case: no region can take the error
    const handler = t.blockStatement([t.expressionStatement(land), t.returnStatement(t.cloneNode(error))]);
    return { body: [t.tryStatement(t.blockStatement(cases[0].stmts), t.catchClause(t.cloneNode(error), handler))], regions, sites };
  }
  const handler = t.blockStatement([
    t.ifStatement(t.unaryExpression("!", land), t.returnStatement(t.cloneNode(error))),
    t.expressionStatement(t.assignmentExpression("=", t.cloneNode(b.sent), t.cloneNode(error))),
  ]);
  const switchCases = cases.map((c) => t.switchCase(t.numericLiteral(c.num), c.stmts));
  const dispatch = t.tryStatement(t.blockStatement([t.switchStatement(b.state(), switchCases)]), t.catchClause(t.cloneNode(error), handler));
  let loop: t.Statement = t.forStatement(null, null, null, dispatch);
  if (b.usesLoopLabel) loop = t.labeledStatement(t.cloneNode(b.loopLabel), loop);
  return { body: [loop], regions, sites };
}

function setState(b: FunctionBuilder, value: number): t.Statement {
  return t.expressionStatement(t.assignmentExpression("=", b.state(), numberNode(value)));
}

/** Appends a statement, inlining a block that declares nothing (ours, mostly). */
function pushFlat(out: t.Statement[], stmt: t.Statement): void {
  if (t.isBlockStatement(stmt) && stmt.directives.length === 0 && !stmt.body.some(declaresLexically)) {
    for (const s of stmt.body) pushFlat(out, s);
  } else out.push(stmt);
}

function declaresLexically(s: t.Statement): boolean {
  return (t.isVariableDeclaration(s) && s.kind !== "var") || t.isClassDeclaration(s) || t.isFunctionDeclaration(s);
}
