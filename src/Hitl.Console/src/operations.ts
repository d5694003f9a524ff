import { graphql } from './gql';

export const RedeemInviteDocument = graphql(`
  mutation RedeemInvite($code: String!) {
    redeemInvite(code: $code) { token role subject tenant expiresAt }
  }
`);

export const RefreshTokenDocument = graphql(`
  mutation RefreshToken {
    refreshToken { token role subject tenant expiresAt }
  }
`);
