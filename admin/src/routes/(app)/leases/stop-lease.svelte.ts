import { idempotencyKey, mutate } from '$lib/graphql/client.ts';
import { StopLeaseMutation, type LeaseDetails, type LeaseUserError } from '$lib/graphql/leases.ts';

/** Stopping a lease: charges end at this instant. Refused if the lease changed since it was read. */
export class StopLease {
  busy = $state(false);
  errors = $state<LeaseUserError[]>([]);
  failure = $state<string | null>(null);
  stoppedAt = $state<string | null>(null);

  async run(lease: LeaseDetails): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.errors = [];
    this.failure = null;
    try {
      const { stopLease } = await mutate(StopLeaseMutation, {
        input: { leaseId: lease.id, expectedVersion: lease.version, idempotencyKey: idempotencyKey() },
      });
      if (stopLease.userErrors.length) this.errors = stopLease.userErrors;
      else this.stoppedAt = stopLease.lease?.stoppedAt ?? null;
    } catch (error) {
      this.failure = error instanceof Error ? error.message : 'Unexpected error.';
    } finally {
      this.busy = false;
    }
  }
}
