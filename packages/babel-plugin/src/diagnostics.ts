/**
 * The single way the transform fails: a Babel error with a code frame at the
 * offending node, and a stable code per unsupported construct so tests and
 * users can tell the cases apart. The transform never emits output for input
 * it cannot compile faithfully.
 */
import type { NodePath } from "@babel/traverse";
import type * as t from "@babel/types";

export const E_ASYNC_GENERATOR = "COLOOP_E_ASYNC_GENERATOR";
export const E_FOR_AWAIT = "COLOOP_E_FOR_AWAIT";
export const E_WITH = "COLOOP_E_WITH";
export const E_TS_DECLARATION = "COLOOP_E_TS_DECLARATION";
export const E_UNSUPPORTED_NODE = "COLOOP_E_UNSUPPORTED_NODE";
export const E_USING = "COLOOP_E_USING";

export function fail(path: NodePath<t.Node>, code: string, message: string): never {
  throw path.buildCodeFrameError(`[${code}] ${message}`);
}

/** For nodes we hold without a path: find one through a known ancestor path. */
export function failAt(anchor: NodePath<t.Node>, node: t.Node, code: string, message: string): never {
  let found: NodePath<t.Node> | null = null;
  anchor.traverse({
    enter(p) {
      if (p.node === node) {
        found = p;
        p.stop();
      }
    },
  });
  return fail(found || anchor, code, message);
}
