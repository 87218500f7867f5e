/**
 * Destructuring whose pattern awaits (in a default value, a computed key or
 * a member target), written out step by step in the order the language
 * evaluates it:
 *
 *   {k: t = d} = v      src = v; ({} = src) (throws on null/undefined);
 *                       [target reference]; x = src[k];
 *                       if (x === undefined) x = d; t = x
 *   [a = d, ...r] = v   it = iteratorOf(v); try { per element: target
 *                       reference; step; default; assign } finally { close
 *                       the iterator unless it is done }
 *
 * Patterns without await stay native destructuring.
 */
import * as t from "@babel/types";
import type { NodePath } from "@babel/traverse";
import { assign, type FunctionBuilder } from "./builder";
import type { FunctionBindings } from "./bindings";
import type { ExpressionLowering, HelperRefs, PatternLowering } from "./lowering";

export class PatternLowerer implements PatternLowering {
  constructor(
    private readonly b: FunctionBuilder,
    private readonly exprs: ExpressionLowering,
    private readonly bindings: FunctionBindings,
    private readonly helpers: HelperRefs,
  ) {}

  /**
   * Assigns `value` to the pattern at `path`. `declaring`: the identifiers
   * are bindings being declared (they may live in an environment object);
   * otherwise they are assignment targets as written.
   */
  assign(path: NodePath<t.Node>, value: t.Expression, declaring: boolean): void {
    const node = path.node;
    if (t.isAssignmentPattern(node)) {
      const ap = path as NodePath<t.AssignmentPattern>;
      const v = this.withDefault(value, ap.get("right"));
      this.assign(ap.get("left"), v, declaring);
      return;
    }
    if (t.isObjectPattern(node)) this.object(path as NodePath<t.ObjectPattern>, value, declaring);
    else if (t.isArrayPattern(node)) this.array(path as NodePath<t.ArrayPattern>, value, declaring);
    else this.b.emit(assign(this.leaf(path, declaring), value));
  }

  private leaf(path: NodePath<t.Node>, declaring: boolean): t.LVal {
    const node = path.node;
    if (t.isIdentifier(node)) return declaring ? this.bindings.target(node) : node;
    if (t.isTSAsExpression(node) || t.isTSNonNullExpression(node) || t.isTSSatisfiesExpression(node)) {
      return this.leaf(path.get("expression") as NodePath<t.Node>, declaring);
    }
    return node as t.LVal; // a member target whose parts were evaluated by targetFirst()
  }

  /** A member target's object and key are evaluated before the value is read. */
  private targetFirst(path: NodePath<t.Node>): NodePath<t.Node> {
    const node = path.node;
    if (t.isMemberExpression(node)) {
      const mp = path as NodePath<t.MemberExpression>;
      const object = this.exprs.explodeToTemp(mp.get("object"));
      const property = node.computed ? this.exprs.explodeToTemp(mp.get("property")) : node.property;
      path.replaceWith(t.memberExpression(object, property as t.Expression, node.computed));
    }
    return path;
  }

  /** value, or the default when it is undefined (the default and its awaits run only then) */
  private withDefault(value: t.Expression, fallback: NodePath<t.Expression>): t.Expression {
    const v = this.exprs.newTemp();
    this.b.emit(assign(v, value));
    const skip = this.b.newLabel();
    this.b.branchUnless(t.binaryExpression("===", t.cloneNode(v), t.identifier("undefined")), skip);
    this.b.emit(assign(t.cloneNode(v), this.exprs.explode(fallback)));
    this.b.mark(skip);
    return t.cloneNode(v);
  }

  private object(path: NodePath<t.ObjectPattern>, value: t.Expression, declaring: boolean): void {
    const src = this.exprs.pin(value);
    // RequireObjectCoercible, with the engine's own message
    this.b.emit(t.expressionStatement(t.assignmentExpression("=", t.objectPattern([]), t.cloneNode(src))));
    const used: t.Expression[] = [];
    for (const prop of path.get("properties")) {
      if (prop.isRestElement()) {
        const rest = t.callExpression(this.helpers.helper("objectRest"), [t.cloneNode(src), t.arrayExpression(used.map((k) => t.cloneNode(k)))]);
        this.assign(prop.get("argument"), rest, declaring);
        continue;
      }
      const p = prop as NodePath<t.ObjectProperty>;
      const key = p.node.computed
        ? this.exprs.explodeToTemp(p.get("key"))
        : t.isIdentifier(p.node.key)
          ? t.stringLiteral(p.node.key.name)
          : (p.node.key as t.Expression);
      used.push(key);
      let target = p.get("value") as NodePath<t.Node>;
      let fallback: NodePath<t.Expression> | null = null;
      if (target.isAssignmentPattern()) {
        fallback = target.get("right");
        target = target.get("left");
      }
      target = this.targetFirst(target);
      const read = t.memberExpression(t.cloneNode(src), t.cloneNode(key), true);
      const v = fallback ? this.withDefault(read, fallback) : read;
      this.assign(target, v, declaring);
    }
  }

  private array(path: NodePath<t.ArrayPattern>, value: t.Expression, declaring: boolean): void {
    const it = this.exprs.newTemp();
    const done = this.exprs.newTemp();
    const step = this.exprs.newTemp();
    this.b.emit(assign(it, t.callExpression(this.helpers.helper("iteratorOf"), [value])));
    this.b.emit(assign(t.cloneNode(done), t.booleanLiteral(false)));
    /** v = the next value, or undefined once the iterator is done */
    const next = (v: t.Identifier) => {
      this.b.emit(assign(t.cloneNode(v), t.identifier("undefined")));
      this.b.emit(
        t.ifStatement(
          t.unaryExpression("!", t.cloneNode(done)),
          t.blockStatement([
            assign(t.cloneNode(done), t.booleanLiteral(true)),
            assign(t.cloneNode(step), t.callExpression(this.helpers.helper("iteratorStep"), [t.cloneNode(it)])),
            t.ifStatement(
              t.unaryExpression("!", t.memberExpression(t.cloneNode(step), t.identifier("done"))),
              t.blockStatement([
                assign(t.cloneNode(v), t.memberExpression(t.cloneNode(step), t.identifier("value"))),
                assign(t.cloneNode(done), t.booleanLiteral(false)),
              ]),
            ),
          ]),
        ),
      );
    };
    this.b.finallyRegion(
      () => {
        for (const element of path.get("elements")) {
          const v = this.exprs.newTemp();
          if (!element.node) {
            next(v);
            continue;
          }
          if (element.isRestElement()) {
            // the rest: every remaining value
            this.b.emit(assign(t.cloneNode(v), t.arrayExpression([])));
            const top = this.b.newLabel();
            const out = this.b.newLabel();
            this.b.mark(top);
            const item = this.exprs.newTemp();
            next(item);
            this.b.branchIf(t.cloneNode(done), out);
            this.b.emit(t.expressionStatement(t.callExpression(t.memberExpression(t.cloneNode(v), t.identifier("push")), [t.cloneNode(item)])));
            this.b.jump(top);
            this.b.mark(out);
            this.assign(this.targetFirst(element.get("argument")), t.cloneNode(v), declaring);
            continue;
          }
          let target = element as NodePath<t.Node>;
          let fallback: NodePath<t.Expression> | null = null;
          if (target.isAssignmentPattern()) {
            fallback = target.get("right");
            target = target.get("left");
          }
          target = this.targetFirst(target);
          next(v);
          const value = fallback ? this.withDefault(t.cloneNode(v), fallback) : t.cloneNode(v);
          this.assign(target, value, declaring);
        }
      },
      (slot) => this.b.closeIteratorUnlessDone(this.helpers.helper("closeIterator"), it, done, slot),
    );
  }
}
