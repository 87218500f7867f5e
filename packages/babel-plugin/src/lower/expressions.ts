/**
 * Lowering expressions that contain await.
 *
 * `explode(path)` emits into the builder whatever must run before the
 * expression's value is available (awaits, and the evaluation of operands
 * that come before an await) and returns an expression computing the rest.
 * Left-to-right order is kept with temporaries: once a later operand
 * awaits, every earlier operand is evaluated into a temporary first
 * (literals, `this`, constant bindings and temporaries excepted). A method
 * call whose arguments await reads the method first and calls it with
 * `.call(receiver, …)`; a compound assignment reads its target first.
 * Subtrees without await are returned untouched.
 */
import * as t from "@babel/types";
import type { NodePath } from "@babel/traverse";
import { containsAwait } from "../analysis/await-facts";
import { E_UNSUPPORTED_NODE, fail } from "../diagnostics";
import { assign, type FunctionBuilder, isSimple } from "./builder";
import type { AwaitSite, Label } from "./ir";
import type { FunctionBindings } from "./bindings";
import type { ExpressionLowering, PatternLowering } from "./lowering";

export interface ExpressionContext {
  /** where an await's source location and text come from; null: locations off */
  site(node: t.AwaitExpression): AwaitSite | null;
  /** deliberate miscompile for the fuzzer's self-test: binary operands right to left */
  miscompile: boolean;
  /** the cached strings object of a tagged template site */
  templateObject(quasis: t.TemplateElement[]): t.Expression;
  bindings: FunctionBindings;
  /** destructuring assignment to a pattern that awaits (the pattern lowering) */
  patterns: PatternLowering;
}

type ExprPath = NodePath<t.Expression>;

export class ExpressionLowerer implements ExpressionLowering {
  private readonly temps = new Set<string>();

  constructor(
    private readonly b: FunctionBuilder,
    private readonly ctx: ExpressionContext,
  ) {}

  /** Lowers an expression evaluated for its value. */
  explode(path: NodePath<t.Node>): t.Expression {
    return this.lower(path as ExprPath, false)!;
  }

  /** Lowers an expression evaluated for its effects; null when nothing is left to run. */
  explodeForEffect(path: NodePath<t.Node>): t.Expression | null {
    return this.lower(path as ExprPath, true);
  }

  /** Lowers and pins the value in a temporary unless it is safe to read later. */
  explodeToTemp(path: NodePath<t.Node>): t.Expression {
    return this.pin(this.explode(path));
  }

  /** Stores `value` in a temporary unless reading it later gives the same value. */
  pin(value: t.Expression): t.Expression {
    if (this.isStable(value)) return value;
    const tmp = this.newTemp();
    this.b.emit(assign(tmp, value));
    return t.cloneNode(tmp);
  }

  newTemp(): t.Identifier {
    const id = this.b.temp();
    this.temps.add(id.name);
    return id;
  }

  /** Values that cannot change between now and a later read. */
  isStable(node: t.Expression): boolean {
    if (isSimple(node) || t.isThisExpression(node) || t.isSuper(node as t.Node)) return true;
    if (t.isIdentifier(node)) return this.temps.has(node.name) || this.ctx.bindings.isConstant(node.name);
    return false;
  }

  private lower(path: ExprPath, ignoreResult: boolean): t.Expression | null {
    const node = path.node;
    if (!containsAwait(node)) return node;
    switch (node.type) {
      case "AwaitExpression":
        return this.lowerAwait(path as NodePath<t.AwaitExpression>);
      case "ParenthesizedExpression":
      case "TSAsExpression":
      case "TSSatisfiesExpression":
      case "TSNonNullExpression":
      case "TSTypeAssertion":
      case "TypeCastExpression":
        return this.lower(path.get("expression") as ExprPath, ignoreResult);
      case "SequenceExpression":
        return this.lowerSequence(path as NodePath<t.SequenceExpression>, ignoreResult);
      case "LogicalExpression":
        return this.lowerLogical(path as NodePath<t.LogicalExpression>, ignoreResult);
      case "ConditionalExpression":
        return this.lowerConditional(path as NodePath<t.ConditionalExpression>, ignoreResult);
      case "BinaryExpression":
        return this.lowerBinary(path as NodePath<t.BinaryExpression>);
      case "UnaryExpression":
        return this.lowerUnary(path as NodePath<t.UnaryExpression>);
      case "UpdateExpression":
        return this.lowerUpdate(path as NodePath<t.UpdateExpression>);
      case "AssignmentExpression":
        return this.lowerAssignment(path as NodePath<t.AssignmentExpression>, ignoreResult);
      case "MemberExpression":
        return this.lowerMember(path as NodePath<t.MemberExpression>);
      case "CallExpression":
        return this.lowerCall(path as NodePath<t.CallExpression>);
      case "NewExpression":
        return this.lowerNew(path as NodePath<t.NewExpression>);
      case "OptionalMemberExpression":
      case "OptionalCallExpression":
        return this.lowerOptionalChain(path);
      case "ArrayExpression":
        return this.lowerArray(path as NodePath<t.ArrayExpression>);
      case "ObjectExpression":
        return this.lowerObject(path as NodePath<t.ObjectExpression>);
      case "TemplateLiteral":
        return this.lowerTemplate(path as NodePath<t.TemplateLiteral>);
      case "TaggedTemplateExpression":
        return this.lowerTaggedTemplate(path as NodePath<t.TaggedTemplateExpression>);
      case "ClassExpression":
        return this.lowerClass(path as NodePath<t.ClassExpression>);
      case "ImportExpression":
        return t.importExpression(this.explode(path.get("source") as ExprPath));
      default:
        return fail(path, E_UNSUPPORTED_NODE, `await inside ${node.type} is not supported yet`);
    }
  }

  private lowerAwait(path: NodePath<t.AwaitExpression>): t.Expression {
    const value = this.explode(path.get("argument"));
    this.b.awaitValue(value, this.ctx.site(path.node), path.node.loc);
    return t.cloneNode(this.b.sent);
  }

  /**
   * Evaluates operands in order; an operand followed by an awaiting operand
   * is pinned in a temporary. Operands after the last await are returned as
   * written (they run after it anyway).
   */
  explodeInOrder(paths: Array<NodePath<t.Node>>): t.Expression[] {
    let last = -1;
    for (let i = 0; i < paths.length; i++) if (containsAwait(paths[i].node)) last = i;
    const out: t.Expression[] = [];
    for (let i = 0; i < paths.length; i++) {
      const p = paths[i];
      if (i < last) out.push(this.explodeToTemp(p));
      else if (i === last) out.push(this.explode(p));
      else out.push(p.node as t.Expression);
    }
    return out;
  }

  private lowerSequence(path: NodePath<t.SequenceExpression>, ignoreResult: boolean): t.Expression | null {
    const items = path.get("expressions");
    let result: t.Expression | null = null;
    for (let i = 0; i < items.length; i++) {
      const isLast = i === items.length - 1;
      if (isLast) result = this.lower(items[i], ignoreResult);
      else {
        const e = this.lower(items[i], true);
        if (e && !isSimple(e)) this.b.emit(t.expressionStatement(e));
      }
    }
    return result;
  }

  /** a && b, a || b, a ?? b: the right side (and its awaits) only when evaluated */
  private lowerLogical(path: NodePath<t.LogicalExpression>, ignoreResult: boolean): t.Expression | null {
    const { operator } = path.node;
    const end = this.b.newLabel();
    const result = ignoreResult ? null : this.newTemp();
    const left = this.explode(path.get("left"));
    let test: t.Expression;
    if (result) {
      this.b.emit(assign(result, left));
      test = t.cloneNode(result);
    } else test = left;
    this.skipWhenDecided(operator, test, end);
    const right = this.lower(path.get("right"), ignoreResult);
    if (result) this.b.emit(assign(t.cloneNode(result), right!));
    else if (right && !isSimple(right)) this.b.emit(t.expressionStatement(right));
    this.b.mark(end);
    return result ? t.cloneNode(result) : null;
  }

  /** `a && b`, `a || b`, `a ?? b` (and their assignments): skip the right side when the left decides */
  private skipWhenDecided(operator: t.LogicalExpression["operator"], left: t.Expression, end: Label): void {
    if (operator === "&&") this.b.branchUnless(left, end);
    else if (operator === "||") this.b.branchIf(left, end);
    else this.b.branchIf(notNullish(left, this), end);
  }

  private lowerConditional(path: NodePath<t.ConditionalExpression>, ignoreResult: boolean): t.Expression | null {
    const elseLabel = this.b.newLabel();
    const end = this.b.newLabel();
    const result = ignoreResult ? null : this.newTemp();
    this.b.branchUnless(this.explode(path.get("test")), elseLabel);
    this.branchValue(path.get("consequent"), result);
    this.b.jump(end);
    this.b.mark(elseLabel);
    this.branchValue(path.get("alternate"), result);
    this.b.mark(end);
    return result ? t.cloneNode(result) : null;
  }

  private branchValue(path: ExprPath, result: t.Identifier | null): void {
    const value = this.lower(path, result === null);
    if (result) this.b.emit(assign(t.cloneNode(result), value!));
    else if (value && !isSimple(value)) this.b.emit(t.expressionStatement(value));
  }

  private lowerBinary(path: NodePath<t.BinaryExpression>): t.Expression {
    const { operator } = path.node;
    const leftPath = path.get("left");
    if (t.isPrivateName(leftPath.node)) {
      // #x in obj: only the right side is an expression
      return t.binaryExpression(operator, leftPath.node as any, this.explode(path.get("right")));
    }
    if (this.ctx.miscompile && containsAwait(path.node.right)) {
      // the deliberate miscompile the fuzzer must catch: right operand first
      const right = this.explodeToTemp(path.get("right"));
      const left = this.explode(leftPath);
      return t.binaryExpression(operator, left, right);
    }
    const [left, right] = this.explodeInOrder([leftPath, path.get("right")]);
    return t.binaryExpression(operator, left, right);
  }

  private lowerUnary(path: NodePath<t.UnaryExpression>): t.Expression {
    const { operator } = path.node;
    const arg = path.get("argument");
    if (operator === "delete" && (arg.isMemberExpression() || arg.isOptionalMemberExpression())) {
      return t.unaryExpression("delete", this.lowerReference(arg as NodePath<t.MemberExpression>).target);
    }
    return t.unaryExpression(operator, this.explode(arg), path.node.prefix);
  }

  private lowerUpdate(path: NodePath<t.UpdateExpression>): t.Expression {
    const ref = this.lowerReference(path.get("argument") as NodePath<t.LVal>);
    return t.updateExpression(path.node.operator, ref.target as t.Expression, path.node.prefix);
  }

  /**
   * The target of an assignment: identifiers stay; a member's object (and
   * computed key) is evaluated now, in order, and pinned.
   */
  private lowerReference(path: NodePath<t.Node>): { target: t.LVal & t.Expression; read: () => t.Expression } {
    const node = path.node;
    if (t.isMemberExpression(node)) {
      const mp = path as NodePath<t.MemberExpression>;
      let object: t.Expression;
      let property: t.Expression | t.PrivateName = node.property as t.Expression;
      if (t.isSuper(node.object)) {
        object = node.object as any;
        if (node.computed) property = this.explodeToTemp(mp.get("property"));
      } else if (node.computed) {
        const [o, p] = this.explodeInOrder([mp.get("object"), mp.get("property")]);
        object = this.pin(o);
        property = this.pin(p);
      } else object = this.explodeToTemp(mp.get("object"));
      const make = () => t.memberExpression(cloneExpr(object), cloneExpr(property as t.Expression), node.computed);
      return { target: make(), read: make };
    }
    if (t.isIdentifier(node)) return { target: node, read: () => t.cloneNode(node) };
    if (t.isTSAsExpression(node) || t.isTSNonNullExpression(node) || t.isTSSatisfiesExpression(node) || t.isParenthesizedExpression(node)) {
      return this.lowerReference(path.get("expression") as NodePath<t.Node>);
    }
    return fail(path, E_UNSUPPORTED_NODE, `await in a ${node.type} assignment target is not supported yet`);
  }

  private lowerAssignment(path: NodePath<t.AssignmentExpression>, ignoreResult: boolean): t.Expression | null {
    const { operator } = path.node;
    const leftPath = path.get("left");
    if (t.isPattern(leftPath.node)) {
      if (!containsAwait(leftPath.node)) return t.assignmentExpression(operator, leftPath.node as t.LVal, this.explode(path.get("right")));
      // the expression's value is the right side
      const value = this.pin(this.explode(path.get("right")));
      this.ctx.patterns.assign(leftPath, t.cloneNode(value), false);
      return ignoreResult ? null : t.cloneNode(value);
    }
    const ref = this.lowerReference(leftPath);
    if (operator === "=") return t.assignmentExpression("=", ref.target, this.explode(path.get("right")));
    if (operator === "&&=" || operator === "||=" || operator === "??=") {
      // read, and assign only when the operator says so; the value is either
      const end = this.b.newLabel();
      const result = this.newTemp();
      this.b.emit(assign(result, ref.read()));
      this.skipWhenDecided(operator.slice(0, -1) as t.LogicalExpression["operator"], t.cloneNode(result), end);
      const value = this.explode(path.get("right"));
      this.b.emit(assign(t.cloneNode(result), t.assignmentExpression("=", ref.read() as t.LVal, value)));
      this.b.mark(end);
      return ignoreResult ? null : t.cloneNode(result);
    }
    // compound: the old value is read before the right side runs
    const old = this.pin(ref.read());
    const value = this.explode(path.get("right"));
    const binary = operator.slice(0, -1) as t.BinaryExpression["operator"];
    return t.assignmentExpression("=", ref.target, t.binaryExpression(binary, old, value));
  }

  private lowerMember(path: NodePath<t.MemberExpression>): t.Expression {
    const node = path.node;
    if (t.isSuper(node.object)) {
      return t.memberExpression(node.object as any, this.explode(path.get("property")), true);
    }
    if (!node.computed) return t.memberExpression(this.explode(path.get("object")), node.property, false);
    const [object, property] = this.explodeInOrder([path.get("object"), path.get("property")]);
    return t.memberExpression(object, property, true);
  }

  /** The callee of a call whose arguments await: [function value, receiver or null]. */
  private calleeForLaterCall(path: NodePath<t.Node>): { fn: t.Expression; receiver: t.Expression | null } {
    const node = path.node;
    if (t.isMemberExpression(node)) {
      const ref = this.lowerReference(path);
      const member = ref.target as t.MemberExpression;
      const receiver = t.isSuper(member.object) ? t.thisExpression() : member.object;
      return { fn: this.pin(member), receiver };
    }
    if (t.isTSAsExpression(node) || t.isTSNonNullExpression(node) || t.isParenthesizedExpression(node)) {
      return this.calleeForLaterCall(path.get("expression") as NodePath<t.Node>);
    }
    if (t.isSuper(node) || t.isImport(node)) return { fn: node as any, receiver: null };
    return { fn: this.explodeToTemp(path), receiver: null };
  }

  private lowerCall(path: NodePath<t.CallExpression>): t.Expression {
    const node = path.node;
    const args = path.get("arguments");
    if (!args.some((a) => containsAwait(a.node))) {
      // only the callee awaits: evaluate it, keeping the receiver
      const callee = path.get("callee");
      if (callee.isMemberExpression()) {
        return t.callExpression(this.lowerMember(callee as NodePath<t.MemberExpression>), node.arguments);
      }
      return t.callExpression(this.explode(callee), node.arguments);
    }
    const { fn, receiver } = this.calleeForLaterCall(path.get("callee"));
    const loweredArgs = this.lowerArguments(args);
    if (receiver === null || t.isSuper(fn)) return t.callExpression(fn, loweredArgs);
    return t.callExpression(t.memberExpression(fn, t.identifier("call")), [cloneExpr(receiver), ...loweredArgs]);
  }

  private lowerNew(path: NodePath<t.NewExpression>): t.Expression {
    const args = path.get("arguments");
    if (!args.some((a) => containsAwait(a.node))) return t.newExpression(this.explode(path.get("callee")), path.node.arguments);
    const callee = this.explodeToTemp(path.get("callee"));
    return t.newExpression(callee, this.lowerArguments(args));
  }

  /** Arguments (or array elements): spreads before an await are iterated now. */
  private lowerArguments(args: Array<NodePath<t.Node>>): Array<t.Expression | t.SpreadElement> {
    let last = -1;
    for (let i = 0; i < args.length; i++) if (containsAwait(args[i].node)) last = i;
    const out: Array<t.Expression | t.SpreadElement> = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a.isSpreadElement()) {
        if (i < last) {
          const spread = this.explode(a.get("argument"));
          const tmp = this.newTemp();
          this.b.emit(assign(tmp, t.arrayExpression([t.spreadElement(spread)])));
          out.push(t.spreadElement(t.cloneNode(tmp)));
        } else if (i === last) out.push(t.spreadElement(this.explode(a.get("argument"))));
        else out.push(a.node);
      } else if (i < last) out.push(this.explodeToTemp(a));
      else if (i === last) out.push(this.explode(a));
      else out.push(a.node as t.Expression);
    }
    return out;
  }

  private lowerArray(path: NodePath<t.ArrayExpression>): t.Expression {
    const elements = path.get("elements");
    const present = elements.filter((e) => e.node !== null) as Array<NodePath<t.Node>>;
    const lowered = this.lowerArguments(present);
    const out: Array<t.Expression | t.SpreadElement | null> = [];
    let j = 0;
    for (const e of elements) out.push(e.node === null ? null : lowered[j++]);
    return t.arrayExpression(out);
  }

  private lowerObject(path: NodePath<t.ObjectExpression>): t.Expression {
    const props = path.get("properties");
    // the operand list in evaluation order: [key if computed, value] per property
    const operands: Array<NodePath<t.Node>> = [];
    for (const p of props) {
      if (p.isObjectProperty()) {
        if (p.node.computed) operands.push(p.get("key"));
        operands.push(p.get("value"));
      } else if (p.isSpreadElement()) operands.push(p);
      else if (p.isObjectMethod() && p.node.computed) operands.push(p.get("key"));
    }
    let last = -1;
    for (let i = 0; i < operands.length; i++) if (containsAwait(operands[i].node)) last = i;
    const values = new Map<t.Node, t.Expression | t.SpreadElement>();
    for (let i = 0; i < operands.length; i++) {
      const op = operands[i];
      if (op.isSpreadElement()) {
        if (i < last) {
          // copy the properties now, as the literal would
          const tmp = this.newTemp();
          this.b.emit(assign(tmp, t.objectExpression([t.spreadElement(this.explode(op.get("argument")))])));
          values.set(op.node, t.spreadElement(t.cloneNode(tmp)));
        } else if (i === last) values.set(op.node, t.spreadElement(this.explode(op.get("argument"))));
        continue;
      }
      if (i < last) values.set(op.node, this.explodeToTemp(op));
      else if (i === last) values.set(op.node, this.explode(op));
    }
    const out: Array<t.ObjectProperty | t.ObjectMethod | t.SpreadElement> = [];
    for (const p of props) {
      const node = p.node;
      if (t.isObjectProperty(node)) {
        const key = (node.computed && (values.get(node.key) as t.Expression)) || node.key;
        const value = (values.get(node.value) as t.Expression) || node.value;
        const shorthand = node.shorthand && key === node.key && value === node.value;
        out.push(t.objectProperty(key, value, node.computed, shorthand));
      } else if (t.isSpreadElement(node)) out.push((values.get(node) as t.SpreadElement) || node);
      else if (t.isObjectMethod(node)) {
        if (node.computed && values.get(node.key)) node.key = values.get(node.key) as t.Expression;
        out.push(node);
      }
    }
    return t.objectExpression(out);
  }

  private lowerTemplate(path: NodePath<t.TemplateLiteral>): t.Expression {
    const exprs = path.get("expressions") as Array<NodePath<t.Node>>;
    let last = -1;
    for (let i = 0; i < exprs.length; i++) if (containsAwait(exprs[i].node)) last = i;
    const out: t.Expression[] = [];
    for (let i = 0; i < exprs.length; i++) {
      if (i < last) {
        // converted to a string now, as the template does in order
        const value = this.explode(exprs[i]);
        const tmp = this.newTemp();
        this.b.emit(assign(tmp, t.templateLiteral([t.templateElement({ raw: "" }), t.templateElement({ raw: "" }, true)], [value])));
        out.push(t.cloneNode(tmp));
      } else if (i === last) out.push(this.explode(exprs[i]));
      else out.push(exprs[i].node as t.Expression);
    }
    return t.templateLiteral(path.node.quasis, out);
  }

  /**
   * The tag (and its receiver) is evaluated before the substitutions. A
   * member tag whose substitutions await is called with `.call(receiver,
   * strings, …)`, the strings object cached per site as natively.
   */
  private lowerTaggedTemplate(path: NodePath<t.TaggedTemplateExpression>): t.Expression {
    const quasi = path.get("quasi");
    if (!containsAwait(quasi.node)) return t.taggedTemplateExpression(this.explode(path.get("tag")), quasi.node);
    const tagPath = path.get("tag");
    const exprs = quasi.get("expressions") as Array<NodePath<t.Node>>;
    if (!tagPath.isMemberExpression()) {
      const tag = this.explodeToTemp(tagPath);
      return t.taggedTemplateExpression(tag, t.templateLiteral(quasi.node.quasis, this.explodeInOrder(exprs)));
    }
    const { fn, receiver } = this.calleeForLaterCall(tagPath);
    const values = this.explodeInOrder(exprs);
    const strings = this.ctx.templateObject(quasi.node.quasis);
    return t.callExpression(t.memberExpression(fn, t.identifier("call")), [cloneExpr(receiver!), strings, ...values]);
  }

  /** `extends` first, then computed keys in order; an operand before an awaiting one is pinned */
  private lowerClass(path: NodePath<t.ClassExpression>): t.Expression {
    const node = path.node;
    const operands: Array<NodePath<t.Node>> = [];
    const store: Array<(value: t.Expression) => void> = [];
    if (node.superClass) {
      operands.push(path.get("superClass") as NodePath<t.Node>);
      store.push((v) => (node.superClass = v));
    }
    for (const member of path.get("body").get("body")) {
      const m = member.node as any;
      if (!m.computed) continue;
      operands.push(member.get("key") as NodePath<t.Node>);
      store.push((v) => (m.key = v));
    }
    const values = this.explodeInOrder(operands);
    values.forEach((v, i) => store[i](v));
    return node;
  }

  /**
   * a?.b, a?.[k], a?.(x) and chains of them when a part awaits: written out
   * as explicit tests, so a short-circuit skips the rest (and its awaits).
   */
  private lowerOptionalChain(path: ExprPath): t.Expression {
    const end = this.b.newLabel();
    const result = this.newTemp();
    const value = this.chainLink(path, end, result);
    this.b.emit(assign(t.cloneNode(result), value));
    this.b.mark(end);
    return t.cloneNode(result);
  }

  /** Lowers one link of an optional chain; a nullish `?.` base jumps to `end` with undefined. */
  private chainLink(path: NodePath<t.Node>, end: Label, result: t.Identifier): t.Expression {
    const node = path.node;
    const shortCircuit = (base: t.Expression) => {
      this.b.emit(assign(t.cloneNode(result), t.identifier("undefined")));
      this.b.branchUnless(notNullish(base, this), end);
    };
    if (t.isOptionalMemberExpression(node)) {
      const mp = path as NodePath<t.OptionalMemberExpression>;
      const object = this.pin(this.chainBase(mp.get("object"), end, result));
      if (node.optional) shortCircuit(object);
      const property = node.computed ? this.explode(mp.get("property")) : node.property;
      return t.memberExpression(cloneExpr(object), property as t.Expression, node.computed);
    }
    if (t.isOptionalCallExpression(node)) {
      const cp = path as NodePath<t.OptionalCallExpression>;
      const calleePath = cp.get("callee") as NodePath<t.Node>;
      let fn: t.Expression;
      let receiver: t.Expression | null = null;
      if (t.isOptionalMemberExpression(calleePath.node) || t.isMemberExpression(calleePath.node)) {
        const cn = calleePath.node as t.MemberExpression | t.OptionalMemberExpression;
        const object = this.pin(this.chainBase(calleePath.get("object") as NodePath<t.Node>, end, result));
        if (t.isOptionalMemberExpression(cn) && cn.optional) shortCircuit(object);
        const property = cn.computed ? this.explodeToTemp(calleePath.get("property") as NodePath<t.Node>) : cn.property;
        fn = this.pin(t.memberExpression(cloneExpr(object), property as t.Expression, cn.computed));
        receiver = object;
      } else fn = this.pin(this.chainBase(calleePath, end, result));
      if (node.optional) shortCircuit(fn);
      const args = this.lowerArguments(cp.get("arguments"));
      if (receiver === null) return t.callExpression(fn, args);
      return t.callExpression(t.memberExpression(cloneExpr(fn), t.identifier("call")), [cloneExpr(receiver), ...args]);
    }
    return this.explode(path);
  }

  private chainBase(path: NodePath<t.Node>, end: Label, result: t.Identifier): t.Expression {
    const node = path.node;
    if (t.isOptionalMemberExpression(node) || t.isOptionalCallExpression(node)) return this.chainLink(path, end, result);
    if ((t.isMemberExpression(node) || t.isCallExpression(node)) && containsOptional(node)) {
      // a plain link inside a chain: (a?.b).c is not a chain, but a?.b.c is
      if (t.isMemberExpression(node)) {
        const mp = path as NodePath<t.MemberExpression>;
        const object = this.pin(this.chainBase(mp.get("object"), end, result));
        const property = node.computed ? this.explode(mp.get("property")) : node.property;
        return t.memberExpression(cloneExpr(object), property as t.Expression, node.computed);
      }
    }
    return this.explode(path);
  }
}

function containsOptional(node: t.Node): boolean {
  let n: t.Node = node;
  for (;;) {
    if (t.isOptionalMemberExpression(n) || t.isOptionalCallExpression(n)) return true;
    if (t.isMemberExpression(n)) n = n.object;
    else if (t.isCallExpression(n)) n = n.callee;
    else return false;
  }
}

/** `x != null`, evaluating x once (pinned first when it has effects). */
function notNullish(x: t.Expression, lowerer: ExpressionLowerer): t.Expression {
  const v = lowerer.pin(x);
  return t.binaryExpression("!=", v, t.nullLiteral());
}

function cloneExpr<T extends t.Node>(node: T): T {
  return t.cloneNode(node, true);
}
