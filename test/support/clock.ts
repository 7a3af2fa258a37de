import { clock } from '../../server/lib/clock';

/**
 * Moves the app's clock forward instead of waiting. Each test starts at the real time; the
 * offset is undone after each test.
 */
export function useClock() {
  const realNow = clock.now;
  let offset = 0;
  afterEach(() => {
    offset = 0;
    clock.now = realNow;
  });
  return {
    advance(ms: number) {
      offset += ms;
      clock.now = () => realNow() + offset;
    },
  };
}

export const minutes = (n: number) => n * 60_000;
export const hours = (n: number) => n * 3_600_000;
