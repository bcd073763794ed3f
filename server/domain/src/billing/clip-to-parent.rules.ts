import type { TimeSpan } from './billing.types.ts';
import { isEmptySpan, toMsSpan, type MsSpan } from './segments.rules.ts';

/** A child segment narrowed to its parent's active time; every other field is kept as it was. */
export type ClippedSegment<S extends TimeSpan> = Omit<S, 'from' | 'to'> & { from: Date; to: Date | null };

/**
 * Narrows child segments (an add-on's) to the time their parent (the lease) is active.
 * A child segment spanning a gap in the parent comes back as one piece per active stretch;
 * pieces of zero length are dropped. Parent segments may touch or overlap (e.g. an upgrade).
 */
export function clipToParent<S extends TimeSpan>(
  childSegments: readonly S[],
  parentSegments: readonly TimeSpan[],
): ClippedSegment<S>[] {
  const parentStretches = mergeSpans(parentSegments.map((span, index) => toMsSpan(span, `parentSegments[${index}]`)));
  return childSegments.flatMap((segment, index) => {
    const child = toMsSpan(segment, `childSegments[${index}]`);
    return parentStretches
      .map((stretch) => intersect(child, stretch))
      .filter((piece): piece is MsSpan => piece !== null && !isEmptySpan(piece))
      .map((piece) => ({
        ...segment,
        from: new Date(piece.fromMs),
        to: piece.toMs === null ? null : new Date(piece.toMs),
      }));
  });
}

/** Non-empty spans merged where they touch or overlap, ordered by start. */
function mergeSpans(spans: readonly MsSpan[]): MsSpan[] {
  const ordered = spans.filter((span) => !isEmptySpan(span)).sort((a, b) => a.fromMs - b.fromMs);
  const merged: MsSpan[] = [];
  for (const span of ordered) {
    const last = merged.at(-1);
    if (last && (last.toMs === null || last.toMs >= span.fromMs)) {
      last.toMs = last.toMs === null || span.toMs === null ? null : Math.max(last.toMs, span.toMs);
    } else {
      merged.push({ ...span });
    }
  }
  return merged;
}

function intersect(a: MsSpan, b: MsSpan): MsSpan | null {
  const fromMs = Math.max(a.fromMs, b.fromMs);
  const toMs = a.toMs === null ? b.toMs : b.toMs === null ? a.toMs : Math.min(a.toMs, b.toMs);
  return toMs !== null && toMs < fromMs ? null : { fromMs, toMs };
}
