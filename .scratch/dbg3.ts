import { parseSync, traverse } from "@babel/core";
const code = `async function f2(d, x) {
  do { try {} catch (x) {} } while (false);
  x += ((await (x |= d)) | 0) | 0;
}`;
const ast = parseSync(code, { filename: "x.js", babelrc: false, configFile: false, sourceType: "script" })!;
traverse(ast, { Function(p) { const b = p.scope.getBinding("x")!; console.log(b.kind, b.constant, b.constantViolations.length); }, CatchClause(p) { const b = p.scope.getOwnBinding("x")!; console.log("catch", b.kind, b.constant, b.constantViolations.length, b.scope.block.type); } });
