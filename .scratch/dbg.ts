import { parseSync, traverse } from "@babel/core";
const code = `for (var i = 0; i < 2; i++) { { async function tick() { return i; } tick(); } }\nconsole.log(typeof tick);`;
const ast = parseSync(code, { filename: "x.js", babelrc: false, configFile: false, sourceType: "script" })!;
traverse(ast, { FunctionDeclaration(p) { const b = p.scope.parent!.getOwnBinding("tick"); const b2 = p.scope.parent!.getBinding("tick"); console.log(p.scope.parent!.block.type, !!b, b2 && b2.kind, b2 && b2.scope.block.type, b2 && b2.path === p); } });
