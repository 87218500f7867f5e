// memory: N tasks suspended on never-settled promises; reports the heap
// growth per task after a full GC. The arrays are allocated before the
// first measurement and the gates stay reachable, so what is counted is one
// pending promise plus one suspended async call (its frame, its result).
async function waitOn(gate, i) {
  const value = await gate;
  return value + i;
}

async function main(n) {
  const gates = new Array(n);
  const tasks = new Array(n);
  const before = __heapAfterGc();
  for (let i = 0; i < n; i++) {
    gates[i] = new Promise(function () {});
    tasks[i] = waitOn(gates[i], i);
  }
  const after = __heapAfterGc();
  __metric("bytesPerTask", (after - before) / n);
  let alive = 0;
  for (let i = 0; i < n; i++) if (tasks[i] && gates[i]) alive++;
  return alive;
}
