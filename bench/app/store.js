// A key-value store with a little latency, as a database client would have.
import { sleep } from "./util.js";

export class Store {
  constructor(latency) {
    this.latency = latency;
    this.rows = new Map();
    this.writes = 0;
  }

  async get(key) {
    await sleep(this.latency);
    return this.rows.get(key);
  }

  async put(key, value) {
    this.writes++;
    try {
      await sleep(this.latency);
      if (value.price < 0) throw new Error(`bad price for ${key}`);
      this.rows.set(key, { ...value, saved: true });
    } finally {
      this.writes--;
    }
  }
}
