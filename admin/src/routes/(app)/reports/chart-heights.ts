/** Time series span the page at this height (rem); bar charts of categories grow with their bars. */
export const SERIES_REM = 15;
/** A product label wraps to two lines at half width; a customer's email fits on one. */
const PRODUCT_ROW_REM = 2.4;
const CUSTOMER_ROW_REM = 1.8;
const AXIS_REM = 3;
const SMALLEST_REM = 12;

/** Where the small charts sit beside each other (two columns) rather than one under the other. */
export const SIDE_BY_SIDE_PX = 1000;

function barsRem(rows: number, perRow: number): number {
  return Math.max(SMALLEST_REM, Math.round((rows * perRow + AXIS_REM) * 10) / 10);
}

/**
 * Chart heights for the dashboard: each category chart as tall as its bars need; side by side, the pair
 * takes the taller of the two, so neither card leaves a blank area beside the other.
 */
export function chartHeights(counts: { products: number; customers: number }, sideBySide: boolean): { series: string; products: string; customers: string } {
  const products = barsRem(counts.products, PRODUCT_ROW_REM);
  const customers = barsRem(counts.customers, CUSTOMER_ROW_REM);
  const pair = Math.max(products, customers);
  return {
    series: `${SERIES_REM}rem`,
    products: `${sideBySide ? pair : products}rem`,
    customers: `${sideBySide ? pair : customers}rem`,
  };
}
