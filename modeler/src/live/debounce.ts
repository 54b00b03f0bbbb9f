/** Runs `fn` once after a burst of calls has been quiet for `ms` (live batches come in bursts). */
export function debounce(fn: () => void, ms: number): () => void {
  let pending: ReturnType<typeof setTimeout> | undefined;
  return () => {
    clearTimeout(pending);
    pending = setTimeout(fn, ms);
  };
}
