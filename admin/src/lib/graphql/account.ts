import { graphql, type ResultOf } from './graphql.ts';

export const PartnerQuery = graphql(`
  query AccountPartner {
    partner { id company contactName contactEmail phone addressLine1 addressLine2 city region postalCode country billingEmail status }
  }
`);

export const UpdatePartnerContactMutation = graphql(`
  mutation UpdatePartnerContact($input: UpdatePartnerContactInput!) {
    updatePartnerContact(input: $input) {
      partner { id company contactName contactEmail phone addressLine1 addressLine2 city region postalCode country billingEmail status }
      userErrors { code message field }
    }
  }
`);

export const ContactsQuery = graphql(`
  query Contacts {
    contacts { id name email phone title kind createdAt }
  }
`);

export type Contact = ResultOf<typeof ContactsQuery>['contacts'][number];

export const AddContactMutation = graphql(`
  mutation AddContact($input: AddContactInput!) {
    addContact(input: $input) { contact { id } userErrors { code message field } }
  }
`);

export const UpdateContactMutation = graphql(`
  mutation UpdateContact($input: UpdateContactInput!) {
    updateContact(input: $input) { contact { id } userErrors { code message field } }
  }
`);

export const RemoveContactMutation = graphql(`
  mutation RemoveContact($input: RemoveContactInput!) {
    removeContact(input: $input) { removedContactId userErrors { code message field } }
  }
`);

export const MailingListsQuery = graphql(`
  query MailingLists {
    mailingLists { list emails }
  }
`);

export type MailingListSubscribers = ResultOf<typeof MailingListsQuery>['mailingLists'][number];

export const SetMailingListSubscriptionMutation = graphql(`
  mutation SetMailingListSubscription($input: SetMailingListSubscriptionInput!) {
    setMailingListSubscription(input: $input) { mailingList { list emails } userErrors { code message field } }
  }
`);

export const UsersQuery = graphql(`
  query Users {
    users { id name email role active lastLoginAt }
  }
`);

export type AccountUser = ResultOf<typeof UsersQuery>['users'][number];

export const AddUserMutation = graphql(`
  mutation AddUser($input: AddUserInput!) {
    addUser(input: $input) { user { id } userErrors { code message field } }
  }
`);

export const ChangeUserRoleMutation = graphql(`
  mutation ChangeUserRole($input: ChangeUserRoleInput!) {
    changeUserRole(input: $input) { user { id role } userErrors { code message field } }
  }
`);

export const DeactivateUserMutation = graphql(`
  mutation DeactivateUser($input: DeactivateUserInput!) {
    deactivateUser(input: $input) { user { id active } userErrors { code message field } }
  }
`);

export const ChangePasswordMutation = graphql(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) { user { id } userErrors { code message field } }
  }
`);

export const PaymentMethodQuery = graphql(`
  query PaymentMethod {
    paymentMethod { brand last4 expMonth expYear createdAt }
  }
`);

export type PaymentMethod = NonNullable<ResultOf<typeof PaymentMethodQuery>['paymentMethod']>;

export const SetPaymentMethodMutation = graphql(`
  mutation SetPaymentMethod($input: CardInput!) {
    setPaymentMethod(input: $input) {
      paymentMethod { brand last4 expMonth expYear createdAt }
      userErrors { code message field }
    }
  }
`);

/** The partner's open and past-due invoices: saving a card charges each of them at once. */
export const UnpaidInvoicesQuery = graphql(`
  query UnpaidInvoices($withPartner: Boolean! = false) {
    open: invoices(status: OPEN, first: 100) { edges { node { id number period status totalCents nextRetryAt partner @include(if: $withPartner) { id company } } } }
    pastDue: invoices(status: PAST_DUE, first: 100) { edges { node { id number period status totalCents nextRetryAt partner @include(if: $withPartner) { id company } } } }
  }
`);

export type UnpaidInvoice = ResultOf<typeof UnpaidInvoicesQuery>['open']['edges'][number]['node'];

export const ApiKeysQuery = graphql(`
  query ApiKeys {
    apiKeys { id name prefix scopes createdAt lastUsedAt expiresAt revokedAt }
  }
`);

export type ApiKey = ResultOf<typeof ApiKeysQuery>['apiKeys'][number];

export const CreateApiKeyMutation = graphql(`
  mutation CreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      apiKey { id name prefix scopes }
      secret
      userErrors { code message field }
    }
  }
`);

export const RevokeApiKeyMutation = graphql(`
  mutation RevokeApiKey($input: RevokeApiKeyInput!) {
    revokeApiKey(input: $input) { apiKey { id revokedAt } userErrors { code message field } }
  }
`);

export const AuditLogQuery = graphql(`
  query AuditLog($first: Int, $after: String, $filter: AuditLogFilter) {
    auditLog(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id action actionLabel summary actor targetType targetId createdAt ip before after } }
    }
  }
`);

export const AuditActionsQuery = graphql(`
  query AuditActions {
    auditActions { action label }
  }
`);

export type AuditLogPage = ResultOf<typeof AuditLogQuery>['auditLog'];

export type Partner = NonNullable<ResultOf<typeof PartnerQuery>['partner']>;
