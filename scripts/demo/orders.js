// The demo program: an order pipeline. Two workers take orders from a
// bounded queue and price them; pricing that takes too long times out.
// It is plain async JavaScript plus the runtime's Queue, Event and waitFor
// (reached through the `coloop` global), compiled by coloop.

function pause(ms) {
  return new Promise(function (resolve) { setTimeout(resolve, ms); });
}

async function fetchPrice(item) {
  await pause(10 * item.length);
  return item.length * 3;
}

async function worker(name, queue, results) {
  for (;;) {
    const order = await queue.get();
    try {
      const price = await coloop.waitFor(fetchPrice(order), 45);
      results.push(name + ": " + order + " costs " + price);
    } catch (e) {
      results.push(name + ": " + order + " timed out (" + e.name + ")");
    } finally {
      queue.taskDone();
    }
  }
}

async function watchdog(alarm) {
  await alarm.wait();
  console.log("the alarm went off");
}

async function main() {
  const queue = new coloop.Queue(2);
  const results = [];
  const workers = [worker("w1", queue, results), worker("w2", queue, results)];
  for (const item of ["tea", "coffee", "chocolate", "milk"]) {
    await queue.put(item);
  }
  await queue.join();
  for (const line of results.sort()) console.log(line);
  watchdog(new coloop.Event());
  await null;
  console.log(coloop.getEventLoop().dump());
  workers.forEach(function (w) { w.cancel(); });
}

main();
