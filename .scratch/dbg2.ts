import { parseSync, traverse } from "@babel/core";
import * as fs from "fs";
const code = fs.readFileSync("fixtures/scoping/async-declaration-in-sloppy-block-stays-in-block/exec.js", "utf8");
const ast = parseSync(code, { filename: "x.js", babelrc: false, configFile: false, sourceType: "script" })!;
traverse(ast, { FunctionDeclaration(p) { if (!p.node.async) return; const name = p.node.id!.name; const b = p.scope.parent!.getOwnBinding(name); console.log(name, p.parentPath!.type, p.scope.parent!.block.type, !!b, b && b.path === p, b && b.constantViolations.map(v => v.type), b && b.referencePaths.map(r => r.parentPath!.type)); } });
