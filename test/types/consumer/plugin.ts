/**
 * The Babel plugin's public types: every option optional, nothing test-only.
 */
import coloopPlugin, { type ColoopPluginOptions } from "@coloop/babel-plugin";

export const none: ColoopPluginOptions = {};
export const all: ColoopPluginOptions = { runtime: "@coloop/runtime", moduleType: "global", locations: false, asyncGenerators: false, promise: "loop" };
export const config = { plugins: [[coloopPlugin, { moduleType: "require" } satisfies ColoopPluginOptions]] };
// @ts-expect-error test-only: not a public option
export const testOnly: ColoopPluginOptions = { __testMiscompile: true };
// @ts-expect-error a typo is caught
export const typo: ColoopPluginOptions = { moduleTyp: "require" };
