// The decision order of the CDCL solver (sat.ts): a binary max-heap of variables keyed by
// their VSIDS activity, which the solver owns and bumps (then calls `increased`).
// Contract: `insert` is idempotent, `pop` returns a variable of maximal activity.

export /** Max-heap of variables by activity. */
class VarHeap {
  private readonly heap: number[] = [];
  private readonly pos: Int32Array; // index in heap, -1 when absent

  constructor(private readonly act: Float64Array) {
    this.pos = new Int32Array(act.length).fill(-1);
  }

  empty(): boolean {
    return this.heap.length === 0;
  }

  insert(v: number): void {
    if (this.pos[v] >= 0) return;
    this.heap.push(v);
    this.pos[v] = this.heap.length - 1;
    this.up(this.heap.length - 1);
  }

  increased(v: number): void {
    const i = this.pos[v];
    if (i >= 0) this.up(i);
  }

  pop(): number {
    const top = this.heap[0];
    const last = this.heap.pop()!;
    this.pos[top] = -1;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.pos[last] = 0;
      this.down(0);
    }
    return top;
  }

  private up(i: number): void {
    const { heap, act, pos } = this;
    const v = heap[i];
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (act[heap[p]] >= act[v]) break;
      heap[i] = heap[p];
      pos[heap[i]] = i;
      i = p;
    }
    heap[i] = v;
    pos[v] = i;
  }

  private down(i: number): void {
    const { heap, act, pos } = this;
    const v = heap[i];
    for (;;) {
      let c = 2 * i + 1;
      if (c >= heap.length) break;
      if (c + 1 < heap.length && act[heap[c + 1]] > act[heap[c]]) c++;
      if (act[heap[c]] <= act[v]) break;
      heap[i] = heap[c];
      pos[heap[i]] = i;
      i = c;
    }
    heap[i] = v;
    pos[v] = i;
  }
}
