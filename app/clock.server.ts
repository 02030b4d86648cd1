// The one source of "now" for services and jobs. Live it is the wall clock; scenario replay and
// tests install a virtual clock so time-dependent logic (detectedAt, aging, windows) follows it.
// Domain code never calls this: it receives `now` as an argument.
let current: () => Date = () => new Date();

export function now(): Date {
  return current();
}

export function setClock(clock: () => Date): void {
  current = clock;
}

export function resetClock(): void {
  current = () => new Date();
}

/** A settable virtual clock (scenario replay, tests). */
export function createVirtualClock(start: Date) {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    set(to: Date) {
      if (to.getTime() > t) t = to.getTime();
    },
    advance(ms: number) {
      t += ms;
    },
  };
}
