import type { GraphiQLOptions } from 'graphql-yoga';

/**
 * GraphiQL from the project's own packages: `@graphql-yoga/render-graphiql` inlines GraphiQL's script and
 * styles in the page, so nothing is loaded from a CDN and it works offline. Its 9 MB bundle is imported
 * on the first GraphiQL page, not at start-up.
 */
export async function renderLocalGraphiQL(options: GraphiQLOptions): Promise<string> {
  const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
  return renderGraphiQL(options);
}
