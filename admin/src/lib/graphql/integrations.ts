import { graphql, type ResultOf } from './graphql.ts';

export const WebhookEndpointsQuery = graphql(`
  query WebhookEndpoints {
    webhookEventTypes
    webhookEndpoints {
      id url description events enabled disabledReason failingSince lastSuccessAt previousSecretExpiresAt createdAt
      deliveries(first: 20) {
        edges { node { id eventId eventType status attemptCount lastStatusCode lastError nextAttemptAt deliveredAt createdAt } }
      }
    }
  }
`);

export type WebhookEndpoint = ResultOf<typeof WebhookEndpointsQuery>['webhookEndpoints'][number];

export const CreateWebhookEndpointMutation = graphql(`
  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) { endpoint { id } secret userErrors { code message field } }
  }
`);

export const UpdateWebhookEndpointMutation = graphql(`
  mutation UpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) {
    updateWebhookEndpoint(input: $input) { endpoint { id } userErrors { code message field } }
  }
`);

export const RotateWebhookSecretMutation = graphql(`
  mutation RotateWebhookSecret($input: WebhookEndpointIdInput!) {
    rotateWebhookSecret(input: $input) { endpoint { id } secret userErrors { code message field } }
  }
`);

export const SendTestWebhookMutation = graphql(`
  mutation SendTestWebhook($input: WebhookEndpointIdInput!) {
    sendTestWebhook(input: $input) { endpoint { id } userErrors { code message field } }
  }
`);

export const ReplayWebhookDeliveryMutation = graphql(`
  mutation ReplayWebhookDelivery($input: ReplayWebhookDeliveryInput!) {
    replayWebhookDelivery(input: $input) { delivery { id } userErrors { code message field } }
  }
`);

export const FailedDeliveryCountQuery = graphql(`
  query FailedDeliveryCount($id: ID!, $since: DateTime!) {
    node(id: $id) { ... on WebhookEndpoint { id failedDeliveryCount(since: $since) } }
  }
`);

export const ReplayFailedWebhookDeliveriesMutation = graphql(`
  mutation ReplayFailedWebhookDeliveries($input: ReplayFailedWebhookDeliveriesInput!) {
    replayFailedWebhookDeliveries(input: $input) { replayed endpoint { id } userErrors { code message field } }
  }
`);
