-- CreateIndex
CREATE INDEX "Customer_partnerId_id_idx" ON "Customer"("partnerId", "id");

-- CreateIndex
CREATE INDEX "Lease_customer_export_idx" ON "Lease"("partnerId", "customerId", "id", "status", "productId", "startedAt", "stoppedAt", "lastSeenAt", "serverName");