// Builds the runtime to ES5: ESM and CJS for bundlers and Node (entries
// index, core, promise, protocol — the constants the Babel plugin loads), and two scripts defining the global `coloop` for
// engines without modules (Duktape, MuJS, embedded hosts):
// dist/coloop.global.js (everything) and dist/coloop.core.global.js (the
// core entry and LoopPromise, for compiled code and a loop driven by hand). Each ships a source map
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

// Module per module (preserveModules): the core entry and the full entry
// share one instance of every class, and a bundler keeps only the modules
// an app reaches (package.json's sideEffects names the few that patch the
// core classes when loaded).
const modular = (format, ext) => ({
  dir: "dist",
  format,
  preserveModules: true,
  preserveModulesRoot: "src",
  entryFileNames: "[name]." + ext,
  exports: "named",
  sourcemap: true,
});

const globalScript = (input, file) => ({
  input,
  output: { file, format: "iife", name: "__coloopGlobalEntry", strict: true, sourcemap: true },
  plugins: [nodeResolve({ extensions }), babelPlugin()],
});

export default [
  {
    input: { index: "src/index.ts", core: "src/core.ts", promise: "src/promise.ts", protocol: "src/protocol.ts" },
    output: [modular("es", "mjs"), modular("cjs", "cjs")],
    plugins: [nodeResolve({ extensions }), babelPlugin()],
  },
  globalScript("src/global.ts", "dist/coloop.global.js"),
  globalScript("src/global-core.ts", "dist/coloop.core.global.js"),
];
