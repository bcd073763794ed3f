-- CreateIndex
CREATE INDEX "Lease_partnerId_startedAt_stoppedAt_idx" ON "Lease"("partnerId", "startedAt", "stoppedAt");

-- CreateIndex
CREATE INDEX "Lease_report_active_idx" ON "Lease"("status", "partnerId", "productId", "customerId", "id", "lastSeenAt");