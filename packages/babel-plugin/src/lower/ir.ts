/**
 * The intermediate form one async function is lowered into: a flat list of
 * operations with integer labels between them. Labels become `case` numbers
 * only when the switch is emitted (emit/cases.ts); nothing in the AST is
 * patched before then except the label references registered with the
 * builder (see LabelRef).
 *
 * The listing is a list of statements and marks. Control flow is written
 * with ordinary statements whose case numbers are label references:
 *
 *   jump     co.s = L; continue                 (goto L)
 *   branch   if (test) { co.s = L; continue }
 *   await    co.s = R; return value             (suspend; resume at R with v)
 *   return   co.s = DONE; return value          (finish)
 *
 * A statement is `terminal` when control never falls out of it (jump, await,
 * return, throw): what follows it up to the next mark is dead.
 */
import type * as t from "@babel/types";

/** A position in the op list, bound by FunctionBuilder.mark(). */
export type Label = number & { readonly __label: unique symbol };

export interface AwaitSite {
  line: number;
  column: number;
  text: string;
}

export type Op = { kind: "stmt"; node: t.Statement; terminal: boolean } | { kind: "mark"; label: Label };

/**
 * A try statement that contains an await: a region of the runtime's table
 * (see @coloop/runtime protocol.ts). Labels mark the start of its try block,
 * its catch landing, its finally landing, and its end.
 */
export interface Region {
  tryStart: Label;
  catchStart: Label | null;
  finallyStart: Label | null;
  end: Label;
}

/** A numeric literal inside an AST statement that must hold a label's case number. */
export interface LabelRef {
  node: t.NumericLiteral;
  label: Label;
}
