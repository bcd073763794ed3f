-- CreateTable
CREATE TABLE "LicenseIdleNotice" (
    "leaseId" INTEGER NOT NULL,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL,
    "emittedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "LicenseIdleNotice_pkey" PRIMARY KEY ("leaseId")
);

-- AddForeignKey
ALTER TABLE "LicenseIdleNotice" ADD CONSTRAINT "LicenseIdleNotice_leaseId_fkey" FOREIGN KEY ("leaseId") REFERENCES "Lease"("id") ON DELETE CASCADE ON UPDATE CASCADE;