import { describe, expect, it } from 'vitest';
import { chartHeights } from './chart-heights.ts';

describe('chartHeights', () => {
  it('gives each category chart the height its bars need, one under the other', () => {
    expect(chartHeights({ products: 12, customers: 10 }, false)).toEqual({ series: '15rem', products: '31.8rem', customers: '21rem' });
  });

  it('gives a pair side by side the taller height of the two', () => {
    expect(chartHeights({ products: 12, customers: 10 }, true)).toMatchObject({ products: '31.8rem', customers: '31.8rem' });
    expect(chartHeights({ products: 2, customers: 10 }, true)).toMatchObject({ products: '21rem', customers: '21rem' });
  });

  it('never draws a category chart shorter than 12rem', () => {
    expect(chartHeights({ products: 0, customers: 1 }, false)).toMatchObject({ products: '12rem', customers: '12rem' });
  });
});
