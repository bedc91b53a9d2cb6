import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { Deadlines } from '../../../runner/transport/deadlines.js';

/** Notes when it was told its deadline passed, as ms after `from`. */
function watcher(from: number): { expire(): void; at: number | undefined } {
  return {
    at: undefined,
    expire() {
      expect(this.at, 'told twice').to.equal(undefined);
      this.at = performance.now() - from;
    },
  };
}

describe('request deadlines', () => {
  it('tells each deadline that passes, not before its time, and never one that was cleared', async () => {
    const deadlines = new Deadlines(60);
    const start = performance.now();
    const first = watcher(start);
    const cleared = watcher(start);
    const later = watcher(start);
    deadlines.set(first);
    deadlines.clear(deadlines.set(cleared));
    await sleep(30);
    deadlines.set(later);
    await sleep(150);
    deadlines.stop();
    expect(cleared.at).to.equal(undefined);
    expect(first.at).to.be.within(59, 60 + 100);
    expect(later.at).to.be.within(30 + 59, 30 + 60 + 100);
  });

  it('still tells a deadline set after the one the timer was armed for was cleared', async () => {
    const deadlines = new Deadlines(40);
    const start = performance.now();
    const early = watcher(start);
    const kept = watcher(start);
    const armedFor = deadlines.set(early);
    await sleep(20);
    deadlines.clear(armedFor);
    deadlines.set(kept);
    await sleep(120);
    deadlines.stop();
    expect(early.at).to.equal(undefined);
    expect(kept.at).to.be.within(20 + 39, 20 + 40 + 100);
  });

  it('clears any deadline of many, in any order, and tells the rest', async () => {
    const deadlines = new Deadlines(30);
    const start = performance.now();
    const watchers = Array.from({ length: 50 }, () => watcher(start));
    const set = watchers.map((w) => deadlines.set(w));
    for (const i of [49, 0, 25, 26, 1, 48, 10]) deadlines.clear(set[i] ?? set[0]!);
    for (const i of [0, 49]) deadlines.clear(set[i] ?? set[0]!);
    await sleep(100);
    deadlines.stop();
    const told = watchers.flatMap((w, i) => (w.at === undefined ? [] : [i]));
    expect(told).to.deep.equal(watchers.map((_, i) => i).filter((i) => ![49, 0, 25, 26, 1, 48, 10].includes(i)));
  });
});
