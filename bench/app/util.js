// Timers and retries: the helpers every service grows.
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function retry(fn, attempts) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= attempts) throw error;
      await sleep(attempt);
    }
  }
}
