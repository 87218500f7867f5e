// ping-pong: two tasks hand a token back and forth N times through queues
// made of plain promises. Stresses wake-ups across tasks via new Promise.
function channel() {
  const items = [];
  const takers = [];
  return {
    put(value) {
      if (takers.length > 0) takers.shift()(value);
      else items.push(value);
    },
    take() {
      if (items.length > 0) return Promise.resolve(items.shift());
      return new Promise(function (resolve) {
        takers.push(resolve);
      });
    },
  };
}

async function player(inbox, outbox, n, step) {
  let last = 0;
  for (let i = 0; i < n; i++) {
    const token = await inbox.take();
    last = token;
    outbox.put((token + step) % 1000003);
  }
  return last;
}

async function main(n) {
  const a = channel();
  const b = channel();
  const ping = player(a, b, n, 1);
  const pong = player(b, a, n, 2);
  a.put(0);
  const both = await Promise.all([ping, pong]);
  return both[0] * 3 + both[1];
}
