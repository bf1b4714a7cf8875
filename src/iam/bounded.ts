// Module-level caches keyed by policy text must not grow with every distinct input (issue 11: a
// service answering many requests would keep each one's keys forever).
// Contract: `remember(map, key, value, limit)` stores the entry, first evicting the oldest entry
// (insertion order) when the map holds `limit` already, and returns the value.

export function remember<K, V>(map: Map<K, V>, key: K, value: V, limit: number): V {
  if (!map.has(key) && map.size >= limit) map.delete(map.keys().next().value as K);
  map.set(key, value);
  return value;
}
