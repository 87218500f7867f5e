// Found by the fuzzer: campaign seed 20261204, program 8665 (reduced by hand
// from the shrinker's 18 lines). Not run by the tests: a genuine plugin bug,
// left for the plugin's owner.
//
// A compound assignment whose right side awaits must read its target before
// evaluating the right side. Natively x += (x += 5, await 8) adds 8 to the
// old x (2): 10. Compiled, the target is read after the await (7): 15, but
// only when a nested block declares another binding of the same name.
// Without the block both print 10.
//
// Likely cause (not fixed here): lower/expressions.ts isStable() trusts
// bindings.isConstant(name), a by-name answer; collectConstants() in
// lower/bindings.ts counts the nested scopes' bindings first and then, going
// up from the function scope, notes only names not counted yet, so the
// function's own `let x` is never counted and x passes as constant (the
// block's const x): the old value is not pinned before the await.
async function main() {
  let x = 2;
  {
    const x = 1;
  }
  x += (x += 5, await 8);
  console.log(x);
}
main();

// The same bug from a parameter (campaign seed 20261204, program 10513,
// shrunk to 22 lines; program 14621 too, where a for-in's const x shadows
// the parameter x): natively 3, compiled 4.
async function f(x) {
  x += await (x &&= 2);
  {
    const { b: x } = { b: 5 };
  }
  console.log(x);
}
f(1);
