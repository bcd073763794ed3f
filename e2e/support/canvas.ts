import type { Locator } from 'playwright-core';

/** How many pixels of a canvas are painted (not fully transparent): 0 means the chart drew nothing. */
export function paintedPixels(canvas: Locator): Promise<number> {
  return canvas.evaluate((element) => {
    const c = element as HTMLCanvasElement;
    const context = c.getContext('2d');
    if (!context || c.width === 0 || c.height === 0) return 0;
    const { data } = context.getImageData(0, 0, c.width, c.height);
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
    return painted;
  });
}

/** Distinct opaque colours on a canvas: axes and labels are grey, so a chart with data has more than a few. */
export function distinctColours(canvas: Locator): Promise<number> {
  return canvas.evaluate((element) => {
    const c = element as HTMLCanvasElement;
    const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
    const seen = new Set<number>();
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] === 255) seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    return seen.size;
  });
}

/** Pixels of a canvas close to one colour (a dataset's colour: the chart drew that data). */
export function pixelsOf(canvas: Locator, hex: string, tolerance = 12): Promise<number> {
  const rgb = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return canvas.evaluate(
    (element, { rgb, tolerance }) => {
      const c = element as HTMLCanvasElement;
      const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
      let count = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3]! < 200) continue;
        if (Math.abs(data[i]! - rgb[0]!) <= tolerance && Math.abs(data[i + 1]! - rgb[1]!) <= tolerance && Math.abs(data[i + 2]! - rgb[2]!) <= tolerance) count++;
      }
      return count;
    },
    { rgb, tolerance },
  );
}

/** Painted pixels in the leftmost columns of a canvas: text cut at the canvas edge (a clipped label) paints there. */
export function paintedAtLeftEdge(canvas: Locator, columns = 2): Promise<number> {
  return canvas.evaluate((element, columns) => {
    const c = element as HTMLCanvasElement;
    const { data } = c.getContext('2d')!.getImageData(0, 0, columns, c.height);
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
    return painted;
  }, columns);
}
