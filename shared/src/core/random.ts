/**
 * A seeded pseudo-random source (mulberry32). Engine and quiz code never call Math.random():
 * randomness is passed in so that a quiz or a generated scenario can be replayed from its seed.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max] (inclusive). */
  integer(min: number, max: number): number;
  /** A new array with the items in a seeded order. */
  shuffle<Item>(items: readonly Item[]): Item[];
  pick<Item>(items: readonly Item[]): Item;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const integer = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    integer,
    shuffle(items) {
      const copy = [...items];
      for (let index = copy.length - 1; index > 0; index -= 1) {
        const other = integer(0, index);
        [copy[index], copy[other]] = [
          copy[other] as (typeof copy)[number],
          copy[index] as (typeof copy)[number],
        ];
      }
      return copy;
    },
    pick(items) {
      if (items.length === 0) throw new Error("pick() needs at least one item");
      return items[integer(0, items.length - 1)] as (typeof items)[number];
    },
  };
}
