// Interning of sorted integer arrays (product states, acceptance vectors).
// Contract: `intern(xs)` returns the id of an equal array interned before, or gives `xs` the next
// id (0, 1, 2, ...) and keeps it; `isNew` tells which happened. Arrays are compared by content.
// Why not Map<string, number>: building a string key per successor and hashing it dominated
// the product exploration; this hashes the integers directly (FNV-1a over 32-bit words) into an
// open-addressing table.

export class IntSetTable {
  private slots = new Int32Array(1024); // id + 1, 0 = empty
  private readonly hashes: number[] = [];
  private readonly sets: (readonly number[])[] = [];
  isNew = false;

  get size(): number {
    return this.sets.length;
  }

  get(id: number): readonly number[] {
    return this.sets[id];
  }

  intern(xs: readonly number[]): number {
    const h = hashOf(xs);
    const mask = this.slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const s = this.slots[i];
      if (s === 0) {
        const id = this.sets.length;
        this.sets.push(xs);
        this.hashes.push(h);
        this.slots[i] = id + 1;
        if (2 * this.sets.length > this.slots.length) this.grow();
        this.isNew = true;
        return id;
      }
      if (this.hashes[s - 1] === h && equal(this.sets[s - 1], xs)) {
        this.isNew = false;
        return s - 1;
      }
    }
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.sets.length; id++) {
      let i = this.hashes[id] & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = id + 1;
    }
    this.slots = slots;
  }
}

function hashOf(xs: readonly number[]): number {
  let h = 0x811c9dc5 ^ xs.length;
  for (let i = 0; i < xs.length; i++) h = Math.imul(h ^ xs[i], 0x01000193);
  return (h ^ (h >>> 15)) >>> 0;
}

function equal(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Sorts small arrays by insertion (the common case here), large ones natively. */
export function sortInts(xs: number[]): void {
  const n = xs.length;
  if (n > 24) {
    const t = Int32Array.from(xs).sort();
    for (let i = 0; i < n; i++) xs[i] = t[i];
    return;
  }
  for (let i = 1; i < n; i++) {
    const x = xs[i];
    let j = i - 1;
    while (j >= 0 && xs[j] > x) {
      xs[j + 1] = xs[j];
      j--;
    }
    xs[j + 1] = x;
  }
}
