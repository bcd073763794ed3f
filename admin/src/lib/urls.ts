/**
 * The server writes absolute links with its configured public URL; the SPA fetches them from its own origin
 * (the same server, or the vite dev proxy), so a PUBLIC_URL that differs from the address in use still works.
 */
export function sameOrigin(href: string): string {
  try {
    const url = new URL(href, location.href);
    return url.pathname + url.search;
  } catch {
    return href;
  }
}
