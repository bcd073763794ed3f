-- DropIndex
DROP INDEX "Export_downloadToken_key";

-- AlterTable
ALTER TABLE "Export" DROP COLUMN "downloadToken";