import type { DocumentNode } from 'graphql';

/**
 * `read` of a parsed document, worked out once per document: yoga's parser cache hands the same document to
 * every request with the same text, so a check that depends on the text alone runs once, not per request.
 */
export function perDocument<T>(read: (document: DocumentNode) => T): (document: DocumentNode) => T {
  const known = new WeakMap<DocumentNode, T>();
  return (document) => {
    if (known.has(document)) return known.get(document) as T;
    const value = read(document);
    known.set(document, value);
    return value;
  };
}
