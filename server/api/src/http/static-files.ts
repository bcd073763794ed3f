import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves the built admin SPA. Unknown paths without a file extension get the SPA's fallback page,
 * so deep links work; hashed assets are cached for a year.
 */
export function serveStatic(root: string, fallback = 'index.html'): (pathname: string) => Response | null {
  return (pathname) => {
    const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
    const path = join(root, relative);
    if (!path.startsWith(root + sep) && path !== root) return new Response('Not found', { status: 404 });
    if (existsSync(path) && statSync(path).isFile()) {
      const immutable = relative.startsWith('_app/immutable/');
      return new Response(readFileSync(path), {
        headers: {
          'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
          'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        },
      });
    }
    if (extname(relative)) return null;
    const page = join(root, fallback);
    if (!existsSync(page)) return null;
    return new Response(readFileSync(page), { headers: { 'content-type': TYPES['.html']!, 'cache-control': 'no-cache' } });
  };
}
