import { describe, expect, it } from 'vitest';
import { DropOldestQueue } from '../../../main/base/drop-oldest-queue';

describe('DropOldestQueue', () => {
  it('is FIFO under capacity', () => {
    const q = new DropOldestQueue<number>(3);
    q.push(1);
    q.push(2);
    expect(q.shift()).toBe(1);
    expect(q.shift()).toBe(2);
    expect(q.shift()).toBeUndefined();
    expect(q.dropped).toBe(0);
  });

  it('drops the oldest when full and counts drops', () => {
    const q = new DropOldestQueue<number>(256);
    for (let i = 0; i < 300; i++) q.push(i);
    expect(q.size).toBe(256);
    expect(q.dropped).toBe(44);
    expect(q.shift()).toBe(44);
  });

  it('keeps order across long push/shift runs', () => {
    const q = new DropOldestQueue<number>(8);
    const out: number[] = [];
    for (let i = 0; i < 5000; i++) {
      q.push(i);
      if (i % 2 === 0) out.push(q.shift()!);
    }
    while (q.size) out.push(q.shift()!);
    for (let i = 1; i < out.length; i++) expect(out[i]!).toBeGreaterThan(out[i - 1]!);
  });

  it('rejects a bad capacity', () => {
    expect(() => new DropOldestQueue(0)).toThrow(/positive integer/);
  });
});
