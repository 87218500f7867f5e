/**
 * The interfaces through which the lowering modules call each other.
 *
 * Lowering is mutually recursive: a statement lowers its expressions and
 * patterns, an expression lowers the pattern of a destructuring assignment,
 * a pattern lowers its defaults, computed keys and member targets. The
 * modules import only this file (and the builder below it), never each
 * other; compile.ts builds the lowerers and hands each the others through
 * these interfaces, so the dependencies point one way.
 */
import type * as t from "@babel/types";
import type { NodePath } from "@babel/traverse";

/** Lowering of expressions that contain await (implemented by ExpressionLowerer). */
export interface ExpressionLowering {
  /** Lowers an expression evaluated for its value. */
  explode(path: NodePath<t.Node>): t.Expression;
  /** Lowers an expression evaluated for its effects; null when nothing is left to run. */
  explodeForEffect(path: NodePath<t.Node>): t.Expression | null;
  /** Lowers and pins the value in a temporary unless it is safe to read later. */
  explodeToTemp(path: NodePath<t.Node>): t.Expression;
  /** Stores `value` in a temporary unless reading it later gives the same value. */
  pin(value: t.Expression): t.Expression;
  /** A fresh temporary the expression lowering treats as stable. */
  newTemp(): t.Identifier;
}

/** Destructuring whose pattern awaits (implemented by PatternLowerer). */
export interface PatternLowering {
  /**
   * Assigns `value` to the pattern at `path`. `declaring`: the identifiers
   * are bindings being declared (they may live in an environment object);
   * otherwise they are assignment targets as written.
   */
  assign(path: NodePath<t.Node>, value: t.Expression, declaring: boolean): void;
}

/** Runtime helpers compiled loops call (by name; the wrapper resolves them). */
export interface HelperRefs {
  helper(name: "iteratorOf" | "iteratorStep" | "closeIterator" | "forInKeys" | "objectRest" | "templateObject"): t.Expression;
}
