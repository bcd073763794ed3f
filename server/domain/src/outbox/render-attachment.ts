import type { Db } from '@leaseboard/db';
import type { MailAttachment } from '../mail/smtp-transport.ts';
import type { MailAttachmentRef } from './enqueue-mail.ts';

export type AttachmentRenderer = (db: Db, ref: MailAttachmentRef) => Promise<MailAttachment | null>;

/** Modules that can render attachments at send time (e.g. billing: invoice PDFs) register here. */
const renderers: AttachmentRenderer[] = [];

export function registerAttachmentRenderer(renderer: AttachmentRenderer): void {
  renderers.push(renderer);
}

export async function renderAttachment(db: Db, ref: MailAttachmentRef): Promise<MailAttachment> {
  for (const renderer of renderers) {
    const attachment = await renderer(db, ref);
    if (attachment) return attachment;
  }
  throw new Error(`no renderer for attachment ${ref.filename}`);
}
