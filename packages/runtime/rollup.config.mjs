// Builds the runtime to ES5: ESM and CJS for bundlers and Node, and one
// script (dist/coloop.global.js) defining the global `coloop` for engines
// without modules (Duktape, MuJS, embedded hosts). Each ships a source map
// (sources ../src/*.ts, which the package ships too), so
// `node --enable-source-maps` shows runtime frames at their TypeScript lines.
import { babel } from "@rollup/plugin-babel";
import nodeResolve from "@rollup/plugin-node-resolve";

const extensions = [".ts", ".js"];
const babelPlugin = () =>
  babel({
    babelHelpers: "bundled",
    extensions,
    babelrc: false,
    configFile: false,
    // presets run last to first: TypeScript is stripped before preset-env
    presets: [
      ["@babel/preset-env", { targets: { ie: "9" }, forceAllTransforms: true, loose: true, modules: false, exclude: ["transform-typeof-symbol"] }],
      ["@babel/preset-typescript", { onlyRemoveTypeImports: false }],
    ],
    assumptions: {
      setPublicClassFields: true,
      privateFieldsAsProperties: true,
      noDocumentAll: true,
      iterableIsArray: true,
      arrayLikeIsIterable: true,
      constantSuper: true,
      noClassCalls: true,
      superIsCallableConstructor: true,
      setClassMethods: true,
      setSpreadProperties: true,
    },
  });

export default [
  {
    input: "src/index.ts",
    output: [
      { file: "dist/index.mjs", format: "es", sourcemap: true },
      { file: "dist/index.cjs", format: "cjs", exports: "named", sourcemap: true },
    ],
    plugins: [nodeResolve({ extensions }), babelPlugin()],
  },
  {
    input: "src/global.ts",
    output: { file: "dist/coloop.global.js", format: "iife", name: "__coloopGlobalEntry", strict: true, sourcemap: true },
    plugins: [nodeResolve({ extensions }), babelPlugin()],
  },
];
