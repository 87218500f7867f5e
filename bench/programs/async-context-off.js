// async-context: request handlers in batches of 1,000, each inside its own
// AsyncLocalStorage.run, awaiting 5 times and reading the store after each
// await. Its twin async-context-off does the same work with no store in
// use; the ratio of the two is what keeping the context costs (natively
// too). The two files differ only in USE.
const USE = false;
const { AsyncLocalStorage } = require("node:async_hooks");
const als = new AsyncLocalStorage();

async function step(x) {
  await null;
  return x + (USE ? als.getStore() : 1);
}

async function handle(i) {
  let acc = i % 7;
  for (let k = 0; k < 4; k++) acc += await step(k);
  await Promise.resolve();
  return acc;
}

async function main(n) {
  let sum = 0;
  for (let start = 0; start < n; start += 1000) {
    const batch = [];
    for (let i = start; i < start + 1000 && i < n; i++) batch.push(USE ? als.run(1, () => handle(i)) : handle(i));
    const results = await Promise.all(batch);
    for (let j = 0; j < results.length; j++) sum = (sum + results[j]) % 1000003;
  }
  return sum;
}
