// At most `size` jobs at a time; the others wait their turn.
export class Pool {
  constructor(size) {
    this.free = size;
    this.waiting = [];
  }

  async acquire() {
    while (this.free === 0) await new Promise((resolve) => this.waiting.push(resolve));
    this.free--;
  }

  release() {
    this.free++;
    const next = this.waiting.shift();
    if (next) next();
  }

  async run(job) {
    await this.acquire();
    try {
      return await job();
    } finally {
      this.release();
    }
  }
}
