import { afterEach, describe, expect, it } from 'vitest';
import { reportListenerErrorsTo, TypedEmitter } from '../../../main/base/typed-emitter';

let restore: (() => void) | null = null;
afterEach(() => restore?.());

describe('TypedEmitter listener errors', () => {
  it('a throwing listener does not stop the others, and its error is reported, never lost', () => {
    const reported: unknown[] = [];
    restore = reportListenerErrorsTo((error) => reported.push(error));
    const emitter = new TypedEmitter<{ tick: number }>();
    const seen: number[] = [];
    emitter.on('tick', () => {
      throw new Error('listener bug');
    });
    emitter.on('tick', (n) => seen.push(n));
    emitter.emit('tick', 1);
    expect(seen).toEqual([1]);
    expect(reported).toEqual([new Error('listener bug')]);
  });

  it("an emitter's own handler takes its listeners' errors instead", () => {
    const reported: unknown[] = [];
    const own: unknown[] = [];
    restore = reportListenerErrorsTo((error) => reported.push(error));
    const emitter = new TypedEmitter<{ tick: number }>((error) => own.push(error));
    emitter.on('tick', () => {
      throw new Error('mine');
    });
    emitter.emit('tick', 1);
    expect(own).toHaveLength(1);
    expect(reported).toEqual([]);
  });
});
