// fan-out: N tasks in batches of 1,000, each awaiting twice, gathered with
// Promise.all. Stresses many concurrent tasks, wake-ups and the combinator.
async function double(x) {
  return (x * 2) % 7;
}

async function work(i) {
  const a = await i;
  const b = await double(a);
  return a + b;
}

async function main(n) {
  let sum = 0;
  for (let start = 0; start < n; start += 1000) {
    const tasks = [];
    for (let i = start; i < start + 1000 && i < n; i++) tasks.push(work(i));
    const results = await Promise.all(tasks);
    for (let j = 0; j < results.length; j++) sum = (sum + results[j]) % 1000003;
  }
  return sum;
}
