/**
 * Test-only entry of the plugin, not exported from the package (its
 * `exports` map has no path to it): the fuzzer's self-test plants a
 * deliberate miscompile and checks that the fuzzer finds it.
 *
 *     import { withMiscompile } from "../../packages/babel-plugin/src/testing";
 *     compile(code, "f.js", withMiscompile("await-order"));
 *
 * The miscompile travels in the ordinary options object under a symbol key
 * (TEST_MISCOMPILE), so every harness that passes plugin options through
 * (spreading them into its defaults) carries it, while no Babel config can
 * name it: the string key `__testMiscompile` is an unknown option, and the
 * public options type, ColoopPluginOptions, has no such member.
 */
import { TEST_MISCOMPILE, type ColoopPluginOptions, type Miscompile } from "./options";

export { TEST_MISCOMPILE };
export type { Miscompile };

/** The miscompiles there are. */
export const MISCOMPILES: readonly Miscompile[] = ["await-order", "rename-by-name"];

/** Plugin options (those given, if any) with the miscompile `kind` planted. */
export function withMiscompile(kind: Miscompile, options: ColoopPluginOptions = {}): ColoopPluginOptions & { [TEST_MISCOMPILE]: Miscompile } {
  return { ...options, [TEST_MISCOMPILE]: kind };
}
