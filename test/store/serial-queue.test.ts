import assert from "node:assert/strict";
import { test } from "node:test";
import { SerialQueue } from "../../src/platform/store/serial-queue";

test("the serial queue lets holders through one at a time, in arrival order", async () => {
  const q = new SerialQueue();
  assert.equal(q.acquire(), undefined, "the first caller passes without waiting");
  const order: number[] = [];
  const waits = [1, 2, 3].map((i) =>
    q.acquire()!.then(() => {
      order.push(i);
      q.release();
    }),
  );
  q.release();
  await Promise.all(waits);
  assert.deepEqual(order, [1, 2, 3]);
  assert.equal(q.acquire(), undefined, "free again once every holder released");
});

test("a caller that waits past the limit is refused (a transaction opened inside another)", async () => {
  const q = new SerialQueue(200);
  assert.equal(q.acquire(), undefined);
  const keepAlive = setTimeout(() => {}, 5000);
  try {
    const started = Date.now();
    await assert.rejects(q.acquire()!, /waited 200 ms for the connection/);
    assert.ok(Date.now() - started >= 200);
  } finally {
    clearTimeout(keepAlive);
  }
});
