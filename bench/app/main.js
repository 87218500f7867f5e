// Imports items in batches: fetch with retries through a pool, then store them.
import { Pool } from "./pool.js";
import { Store } from "./store.js";
import { retry, sleep } from "./util.js";

async function fetchItem(id, attempt) {
  await sleep(id % 3);
  if (id % 5 === 0 && attempt === 1) throw new Error(`timeout fetching ${id}`);
  return { id, name: `item-${id}`, price: id === 13 ? -1 : (id * 37) % 101 };
}

async function importBatch(store, pool, ids) {
  const items = await Promise.all(ids.map((id) => pool.run(() => retry((attempt) => fetchItem(id, attempt), 3))));
  let total = 0;
  for (const item of items) {
    await store.put(item.id, item);
    total += item.price;
  }
  return total;
}

async function main() {
  const store = new Store(1);
  const pool = new Pool(4);
  const failed = [];
  let total = 0;
  for (let batch = 0; batch < 5; batch++) {
    const ids = Array.from({ length: 8 }, (_, i) => batch * 8 + i);
    try {
      total += await importBatch(store, pool, ids);
    } catch (error) {
      failed.push(`${batch}: ${error.message}`);
    }
  }
  const sample = await store.get(21);
  return { total, rows: store.rows.size, sample: sample ? sample.name : null, failed, pending: store.writes + pool.waiting.length };
}

main().then((result) => console.log("APP " + JSON.stringify(result)));
