/**
 * The page to show of `total` items, `size` to a page: the requested page kept within 1..pages
 * (an empty list still has page 1), and how many items come before it.
 */
export function pageWindow(
  total: number,
  requested: number,
  size: number,
): { page: number; pages: number; skip: number } {
  const pages = Math.max(1, Math.ceil(total / size));
  const page = Math.min(Math.max(1, requested), pages);
  return { page, pages, skip: (page - 1) * size };
}
