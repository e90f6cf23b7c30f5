import { yieldingToCheap } from '../../../common/admission';

/** A fetch that stays in flight until `answer()` is called, recording how many of its kind ran at once. */
function fetches() {
  let running = 0;
  let most = 0;
  const pending: (() => void)[] = [];
  const fetch =
    (value: string, fail = false) =>
    () =>
      new Promise<string>((resolve, reject) => {
        running++;
        most = Math.max(most, running);
        pending.push(() => {
          running--;
          if (fail) reject(new Error(value));
          else resolve(value);
        });
      });
  return {
    fetch,
    answer: async () => {
      pending.shift()!();
      await new Promise((done) => setImmediate(done));
    },
    started: () => pending.length,
    most: () => most,
  };
}

describe('a heavy request’s subgraph fetches, yielding to cheaper requests', () => {
  it('go out together while no cheaper request is in flight', async () => {
    const f = fetches();
    const serial = yieldingToCheap(() => 0);
    const answers = Promise.all(['people', 'training', 'funding'].map((name) => serial(f.fetch(name))));
    expect(f.started()).toBe(3);
    for (let i = 0; i < 3; i++) await f.answer();
    expect(await answers).toEqual(['people', 'training', 'funding']);
    expect(f.most()).toBe(3);
  });

  it('go one at a time while one is, in order, and together again once it is answered', async () => {
    const f = fetches();
    let cheap = 1;
    const serial = yieldingToCheap(() => cheap);
    const answers = Promise.all(
      ['people', 'training', 'funding', 'places'].map((name) => serial(f.fetch(name))),
    );
    expect(f.started()).toBe(1);
    await f.answer();
    expect(f.started()).toBe(1);
    cheap = 0;
    await f.answer();
    // The cheap request is answered: the two fetches left go out together.
    expect(f.started()).toBe(2);
    await f.answer();
    await f.answer();
    expect(await answers).toEqual(['people', 'training', 'funding', 'places']);
    expect(f.most()).toBe(2);
  });

  it('hand a failed fetch’s error to its caller and go on with the next', async () => {
    const f = fetches();
    const serial = yieldingToCheap(() => 1);
    const failed = serial(f.fetch('people down', true)).catch((error: Error) => error.message);
    const next = serial(f.fetch('training'));
    await f.answer();
    expect(await failed).toBe('people down');
    expect(f.started()).toBe(1);
    await f.answer();
    expect(await next).toBe('training');
  });
});
