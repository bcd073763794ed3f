import { idempotencyKey, mutate } from '$lib/graphql/client.ts';
import { StopLeasesMutation, type LeaseFilter, type StopLeasesResult } from '$lib/graphql/leases.ts';
import { FormAction } from '$lib/state/form-action.svelte.ts';

/** Which leases a bulk stop is about: the ones ticked, every idle lease, or every active lease a lease-list filter matches. */
export type Selection = { leaseNumbers: number[] } | { allIdle: true } | { matching: LeaseFilter };

/**
 * Stopping leases in bulk, in two steps: a dry run says what would stop and what it saves, then the
 * confirmed run stops each lease and says what happened to each. One idempotency key per confirmation.
 */
export class BulkStop {
  readonly action = new FormAction();
  selection = $state<Selection | null>(null);
  preview = $state<StopLeasesResult | null>(null);
  outcome = $state<StopLeasesResult | null>(null);

  async check(selection: Selection): Promise<void> {
    this.selection = selection;
    this.outcome = null;
    this.preview = await this.#send(selection, true, null);
  }

  async confirm(): Promise<StopLeasesResult | null> {
    if (!this.selection) return null;
    const result = await this.#send(this.selection, false, idempotencyKey());
    this.preview = null;
    this.outcome = result;
    return result;
  }

  cancel(): void {
    this.selection = null;
    this.preview = null;
  }

  async #send(selection: Selection, dryRun: boolean, key: string | null): Promise<StopLeasesResult | null> {
    const input = { dryRun, idempotencyKey: key, ...inputOf(selection) };
    const payload = await this.action.run(async () => (await mutate(StopLeasesMutation, { input })).stopLeases);
    return payload?.result ?? null;
  }
}

function inputOf(selection: Selection) {
  if ('allIdle' in selection) return { idleLeases: {} };
  if ('matching' in selection) return { matchingLeases: selection.matching };
  return { leaseIds: selection.leaseNumbers.map((n) => btoa(`Lease:${n}`)) };
}
