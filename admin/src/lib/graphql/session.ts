import { graphql, type ResultOf } from './graphql.ts';

export const MeQuery = graphql(`
  query Me {
    me {
      kind
      label
      scopes
      user { email name role }
    }
  }
`);

export type Me = NonNullable<ResultOf<typeof MeQuery>['me']>;

export const SignInMutation = graphql(`
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) {
      user { email role }
      userErrors { code message field retryAfterSeconds }
    }
  }
`);

export const SignOutMutation = graphql(`
  mutation SignOut {
    signOut
  }
`);
