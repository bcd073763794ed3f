/** "250 mailboxes", or "Unlimited mailboxes" for a tier without a size. */
export function tierLabel(tierSize: number | null, unit: string): string {
  return tierSize === null ? `Unlimited ${unit}` : `${tierSize.toLocaleString('en-US')} ${unit}`;
}
