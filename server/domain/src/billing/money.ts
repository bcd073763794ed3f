/** Formats integer US cents for display: 123456 → "$1,234.56", -500 → "-$5.00". */
export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) {
    throw new RangeError(`Money must be a whole number of cents, got ${cents}`);
  }
  const sign = cents < 0 ? '-' : '';
  const absolute = Math.abs(cents);
  const dollars = Math.floor(absolute / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const remainder = (absolute % 100).toString().padStart(2, '0');
  return `${sign}$${dollars}.${remainder}`;
}
