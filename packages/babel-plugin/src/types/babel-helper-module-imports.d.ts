/** The part of @babel/helper-module-imports the plugin uses (the package ships no types). */
declare module "@babel/helper-module-imports" {
  import type { NodePath } from "@babel/traverse";
  import type * as t from "@babel/types";

  export interface ImportOptions {
    importedInterop?: "babel" | "node" | "compiled" | "uncompiled";
    nameHint?: string;
    importPosition?: "before" | "after";
    blockHoist?: number;
  }

  export function addNamed(path: NodePath, name: string, source: string, options?: ImportOptions): t.Identifier;
}
