import { viewerPartnerId } from '@leaseboard/domain/auth/viewer';
import { setMailingListSubscription } from '@leaseboard/domain/accounts/set-mailing-list-subscription';
import type { Context } from '../context.ts';
import type { MailingList } from '@leaseboard/db';
import { builder } from '../builder.ts';
import { emailShape, idempotencyKeyField } from '../input-fields.ts';
import { defineMutation } from '../mutation.ts';
import { payloadType } from '../payload.ts';
import { AccountUserError } from './account-errors.ts';

const LISTS = ['PRODUCT_NEWS', 'BILLING_NOTICES', 'MAINTENANCE'] as const satisfies readonly MailingList[];
const MailingListEnum = builder.enumType('MailingList', { values: LISTS });

interface Subscribers {
  list: MailingList;
  emails: string[];
}

const MailingListSubscribers = builder.objectRef<Subscribers>('MailingListSubscribers').implement({
  description: "One of the vendor's mailing lists and which of your addresses receive it.",
  fields: (t) => ({
    list: t.field({ type: MailingListEnum, resolve: (s) => s.list }),
    emails: t.exposeStringList('emails', { description: 'Subscribed addresses, in lower case, sorted.' }),
  }),
});

async function subscribers(ctx: Context, partnerId: number, lists: readonly MailingList[]): Promise<Subscribers[]> {
  const rows = await ctx.db.mailingListSubscription.findMany({
    where: { partnerId, list: { in: [...lists] } },
    orderBy: [{ email: 'asc' }],
    select: { list: true, email: true },
  });
  return lists.map((list) => ({ list, emails: rows.filter((r) => r.list === list).map((r) => r.email) }));
}

builder.queryField('mailingLists', (t) =>
  t.field({
    type: [MailingListSubscribers],
    description: 'Every mailing list, each with your subscribed addresses.',
    authScopes: { scope: 'account:read' },
    resolve: (_root, _args, ctx) => {
      const partnerId = viewerPartnerId(ctx.viewer);
      return partnerId === null ? [] : subscribers(ctx, partnerId, LISTS);
    },
  }),
);

const SetMailingListSubscriptionInput = builder.inputType('SetMailingListSubscriptionInput', {
  fields: (t) => ({
    email: t.string({ validate: emailShape }),
    list: t.field({ type: MailingListEnum }),
    subscribed: t.boolean(),
    idempotencyKey: t.string(idempotencyKeyField()),
  }),
});

const MailingListPayload = payloadType('MailingListPayload', 'mailingList', MailingListSubscribers, AccountUserError);

defineMutation('setMailingListSubscription', {
  description: 'Subscribes an address to a list or unsubscribes it; asking for the current state changes nothing.',
  access: { scope: 'account:write' },
  partner: 'required',
  args: (arg) => ({ input: arg({ type: SetMailingListSubscriptionInput }) }),
  run: ({ ctx, args: { input }, meta, partnerId }) => setMailingListSubscription(ctx.db, partnerId, meta, input),
  payload: MailingListPayload,
  load: async (value, ctx, partnerId) => (await subscribers(ctx, partnerId, [value.list]))[0]!,
});
