// await-chain: one task, N rounds of sequential awaits: a plain value, an
// already-resolved promise, and an async call that completes synchronously.
// Stresses the cost of a single suspend/resume (and of starting a call).
async function inc(x) {
  return x + 1;
}

async function main(n) {
  const settled = Promise.resolve(3);
  let acc = 0;
  for (let i = 0; i < n; i++) {
    acc = (acc + (await i)) % 1000003;
    acc += await settled;
    acc = await inc(acc);
  }
  return acc;
}
