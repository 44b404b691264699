/**
 * Binary search over a sorted sequence: the number of leading items `isBefore` holds for (it must
 * hold for a prefix and fail for the rest) — the index of the first item it fails for.
 */
export function partitionPoint(length: number, isBefore: (index: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (isBefore(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
