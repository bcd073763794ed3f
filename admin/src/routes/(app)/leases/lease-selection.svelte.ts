/**
 * The leases ticked on the lease list for a bulk stop: lease numbers kept across pages of one search, or
 * every lease the search matches ("all N matching"). A new search starts a new selection.
 */
export class LeaseSelection {
  numbers = $state<number[]>([]);
  /** Every active lease the current search matches, not only those ticked. */
  allMatching = $state(false);

  get count(): number {
    return this.numbers.length;
  }

  has(leaseNumber: number): boolean {
    return this.allMatching || this.numbers.includes(leaseNumber);
  }

  hasAll(leaseNumbers: number[]): boolean {
    return leaseNumbers.every((n) => this.has(n));
  }

  hasSome(leaseNumbers: number[]): boolean {
    return leaseNumbers.some((n) => this.has(n));
  }

  set(leaseNumber: number, picked: boolean): void {
    this.setAll([leaseNumber], picked);
  }

  setAll(leaseNumbers: number[], picked: boolean): void {
    if (this.allMatching && !picked) this.allMatching = false;
    const others = this.numbers.filter((n) => !leaseNumbers.includes(n));
    this.numbers = picked ? [...others, ...leaseNumbers] : others;
  }

  selectAllMatching(): void {
    this.allMatching = true;
  }

  clear(): void {
    this.numbers = [];
    this.allMatching = false;
  }
}
