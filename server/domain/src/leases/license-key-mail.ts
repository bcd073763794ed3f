import { formatLicenseKey } from '../licenses/license-key.rules.ts';
import type { OutboxMail } from '../outbox/enqueue-mail.ts';

export function licenseKeyMail(input: {
  partnerId: number;
  partnerCompany: string;
  to: string;
  productName: string;
  addOnNames: string[];
  licenseKey: string;
  leaseId: number;
}): OutboxMail {
  const key = formatLicenseKey(input.licenseKey);
  const addOns = input.addOnNames.length ? `\nAdd-ons: ${input.addOnNames.join(', ')}` : '';
  return {
    partnerId: input.partnerId,
    kind: 'license-key',
    to: [input.to],
    subject: `Your ${input.productName} license key`,
    text: [
      'Hello,',
      '',
      `${input.partnerCompany} has started a lease for you.`,
      '',
      `Product: ${input.productName}${addOns}`,
      `License key: ${key}`,
      `Lease ID: ${input.leaseId}`,
      '',
      'Enter the key in the product\'s activation screen; the server name it reports is shown to your provider.',
    ].join('\n'),
  };
}
