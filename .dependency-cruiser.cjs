/**
 * Architecture rules for the packages' sources (packages/<pkg>/src), checked by
 * `npm run check:deps` in `npm test` (after the build: @coloop/runtime resolves to its dist).
 * - no-circular: no import cycle in any package, type-only imports included
 *   (a cycle through `import type` is still one in the design): layers import
 *   downward; mutually recursive parts reach each other through an interface or
 *   callbacks handed down (see packages/babel-plugin/src/lower/lowering.ts).
 * - runtime-is-self-contained: the runtime runs on bare ES5 hosts; it imports only itself.
 * - plugin-uses-only-runtime-protocol: the plugin may depend on the coroutine protocol,
 *   never on runtime internals, and loads it through the runtime's protocol entry
 *   (@coloop/runtime/protocol), never the whole runtime (plugin-loads-only-protocol-entry).
 * One package alone: npx depcruise packages/runtime/src
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment:
        "Import cycle among a package's sources (type-only imports included). " +
        "Break it by making one side depend on an interface, a callback or a lower module.",
      from: { path: "^packages/[^/]+/src/" },
      to: { circular: true },
    },
    {
      name: "runtime-is-self-contained",
      severity: "error",
      comment:
        "The runtime runs on bare ES5 hosts: its sources import only each other " +
        "(no npm package, no Node built-in, no other workspace package).",
      from: { path: "^packages/runtime/src/" },
      to: { pathNot: "^packages/runtime/src/" },
    },
    {
      name: "plugin-uses-only-runtime-protocol",
      severity: "error",
      comment:
        "The Babel plugin may reach into the runtime's sources only for the " +
        "coroutine protocol (packages/runtime/src/protocol.ts).",
      from: { path: "^packages/babel-plugin/src/" },
      to: {
        path: "^packages/runtime/src/",
        pathNot: "^packages/runtime/src/protocol\\.ts$",
      },
    },
    {
      name: "plugin-loads-only-protocol-entry",
      severity: "error",
      comment: "The plugin reads the coroutine protocol through @coloop/runtime/protocol, never the whole runtime.",
      from: { path: "^packages/babel-plugin/src/" },
      to: {
        path: "^packages/runtime/dist/",
        pathNot: "^packages/runtime/dist/.*protocol[^/]*$",
      },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: "An import that resolves to nothing is a broken build or a missing dependency.",
      from: { path: "^packages/[^/]+/src/" },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // The packages' sources are cruised; what they import from node_modules or a
    // package's dist is recorded (so the rules see it) but not followed.
    doNotFollow: { path: ["node_modules", "^packages/[^/]+/dist/"] },
    exclude: { path: "\\.d\\.ts$" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    combinedDependencies: false,
    // resolve package entries through their `exports`, as Node does
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["require", "import", "default"] },
    moduleSystems: ["es6", "cjs"],
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
