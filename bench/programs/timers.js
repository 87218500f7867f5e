// timers: N sleeps of varied length (0-3 ms) on the real clock, spread over
// 50 concurrent tasks. Stresses timer-driven wake-ups; elapsed time is
// mostly the clock, the rest is the runtime's overhead.
function sleep(ms, value) {
  return new Promise(function (resolve) {
    setTimeout(resolve, ms, value);
  });
}

async function sleeper(id, count) {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += await sleep((id + i * 7) % 4, id + i);
  return sum;
}

async function main(n) {
  const tasks = [];
  for (let id = 0; id < 50; id++) tasks.push(sleeper(id, Math.ceil(n / 50)));
  const sums = await Promise.all(tasks);
  let total = 0;
  for (let i = 0; i < sums.length; i++) total += sums[i];
  return total;
}
