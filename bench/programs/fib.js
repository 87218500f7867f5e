// async recursion: fib where every call is an async function awaiting its
// two sub-calls. Stresses call + task creation + completion of deep chains.
async function fib(n) {
  if (n < 2) return n;
  return (await fib(n - 1)) + (await fib(n - 2));
}

async function main(n) {
  return await fib(n);
}
